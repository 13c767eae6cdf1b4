package io.hookline.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.connections.ConnectionKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class AttemptClassifierTest {

    static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
    private final AttemptClassifier classifier = new AttemptClassifier(Duration.ofHours(1), Clock.fixed(NOW, ZoneOffset.UTC));

    /** The whole table, class by class, then the codes that differ from their class. */
    static Stream<Arguments> everyStatus() {
        Map<Integer, Outcome> specific = Map.of(408, Outcome.RETRY, 409, Outcome.RETRY, 410, Outcome.DISABLE,
                425, Outcome.RETRY, 429, Outcome.RETRY);
        List<Outcome> byClass = List.of(Outcome.FINAL, Outcome.DELIVERED, Outcome.FINAL, Outcome.FINAL, Outcome.RETRY);
        return IntStream.rangeClosed(100, 599).mapToObj(status ->
                Arguments.of(status, specific.getOrDefault(status, byClass.get(status / 100 - 1))));
    }

    @ParameterizedTest(name = "HTTP {0} -> {1}")
    @MethodSource("everyStatus")
    void everyStatusHasItsOutcome(int status, Outcome expected) {
        Classification classification = classifier.classify(response(status, Map.of()));

        assertThat(classification.outcome()).isEqualTo(expected);
        assertThat(classification.reason()).startsWith("HTTP " + status);
        assertThat(classification.retryAfter()).isEmpty();
    }

    @ParameterizedTest(name = "HTTP {0}")
    @CsvSource({"0", "99", "600", "999"})
    void statusOutsideHttpIsFinal(int status) {
        assertThat(classifier.classify(response(status, Map.of())).outcome()).isEqualTo(Outcome.FINAL);
    }

    @ParameterizedTest(name = "{0} with Retry-After {1} -> {2}s")
    @CsvSource(delimiter = '|', value = {
            "429 | 120                           | 120",
            "503 | 7                             | 7",
            "503 | 0                             | 0",
            "429 | Fri, 01 May 2026 12:02:30 GMT | 150",
            "429 | Fri, 01 May 2026 11:00:00 GMT | 0",
            "429 | 86400                         | 3600",
            "503 | 99999999999999999999999       | 3600",
            "429 | Sun, 01 May 2033 12:00:00 GMT | 3600"})
    void retryAfterIsHonouredOn429And503UpToTheCap(int status, String retryAfter, long expectedSeconds) {
        Classification classification = classifier.classify(response(status, Map.of("Retry-After", retryAfter)));

        assertThat(classification.outcome()).isEqualTo(Outcome.RETRY);
        assertThat(classification.retryAfter()).contains(Duration.ofSeconds(expectedSeconds));
    }

    @ParameterizedTest(name = "{0} with Retry-After {1}")
    @CsvSource(delimiter = '|', value = {"429 | soon", "429 | -5", "503 | ''", "500 | 60", "408 | 60"})
    void retryAfterThatIsUnreadableOrOnOtherStatusesIsIgnored(int status, String retryAfter) {
        Classification classification = classifier.classify(response(status, Map.of("retry-after", retryAfter)));

        assertThat(classification.outcome()).isEqualTo(Outcome.RETRY);
        assertThat(classification.retryAfter()).isEmpty();
    }

    /** Discord answers a 429 with its delay in JSON: {@code retry_after}, seconds with a fraction. */
    @ParameterizedTest(name = "{0} with body {1} -> {2}ms")
    @CsvSource(delimiter = '|', value = {
            "429 | {\"message\": \"You are being rate limited.\", \"retry_after\": 1.5, \"global\": false} | 1500",
            "429 | {\"retry_after\": 0.0004}                                                              | 1",
            "503 | {\"retry_after\": 64}                                                                  | 64000",
            "429 | {\"retry_after\": 99999999}                                                            | 3600000"})
    void discordsRetryAfterInTheJsonBodyIsHonouredUpToTheCap(int status, String body, long expectedMillis) {
        Classification classification = classifier.classify(AttemptResult.response(status, Map.of(),
                Duration.ofMillis(12), body, false));

        assertThat(classification.outcome()).isEqualTo(Outcome.RETRY);
        assertThat(classification.retryAfter()).contains(Duration.ofMillis(expectedMillis));
    }

    @ParameterizedTest(name = "{0} with body {1}")
    @CsvSource(delimiter = '|', value = {
            "429 | {\"retry_after\": \"soon\"}",
            "429 | {\"retry_after\": -1}",
            "429 | {\"retry_after\": 1.5",
            "429 | retry_after: 3",
            "500 | {\"retry_after\": 3}",
            "400 | {\"retry_after\": 3}"})
    void aBodyRetryAfterThatIsNotANonNegativeNumberOnA429Or503IsIgnored(int status, String body) {
        Classification classification = classifier.classify(AttemptResult.response(status, Map.of(),
                Duration.ofMillis(12), body, false));

        assertThat(classification.retryAfter()).isEmpty();
    }

    @Test
    void theRetryAfterHeaderWinsOverTheBody() {
        Classification classification = classifier.classify(AttemptResult.response(429, Map.of("Retry-After", "2"),
                Duration.ofMillis(12), "{\"retry_after\": 9.25}", false));

        assertThat(classification.retryAfter()).contains(Duration.ofSeconds(2));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = AttemptError.Kind.class, names = "INVALID_REQUEST", mode = EnumSource.Mode.EXCLUDE)
    void attemptsWithoutResponseAreRetried(AttemptError.Kind kind) {
        Classification classification = classifier.classify(
                AttemptResult.failed(kind, "something went wrong", Duration.ofMillis(5)));

        assertThat(classification.outcome()).isEqualTo(Outcome.RETRY);
        assertThat(classification.reason()).endsWith("something went wrong");
    }

    @Test
    void requestThatCannotBeSentIsFinal() {
        Classification classification = classifier.classify(
                AttemptResult.failed(AttemptError.Kind.INVALID_REQUEST, "unknown connection slack", Duration.ZERO));

        assertThat(classification.outcome()).isEqualTo(Outcome.FINAL);
        assertThat(classification.reason()).isEqualTo("not sent: unknown connection slack");
    }

    @ParameterizedTest(name = "{0}: HTTP {1} -> {2}")
    @CsvSource({
            "polyaxon, 409, DELIVERED", "kubernetes, 409, DELIVERED", "argo, 409, DELIVERED",
            "airflow, 409, DELIVERED", "github, 409, DELIVERED", "webhook, 409, RETRY", "slack, 409, RETRY",
            "kubernetes, 401, FINAL", "kubernetes, 403, FINAL", "kubernetes, 404, FINAL", "kubernetes, 422, FINAL",
            "airflow, 401, FINAL", "airflow, 403, FINAL", "airflow, 404, FINAL", "argo, 422, FINAL",
            "polyaxon, 429, RETRY", "github, 429, RETRY", "github, 403, FINAL", "github, 422, FINAL",
            "kubernetes, 201, DELIVERED", "github, 204, DELIVERED", "polyaxon, 503, RETRY"})
    void aRunnersAnswerHasItsOutcome(String kind, int status, Outcome expected) {
        ConnectionKind connectionKind = ConnectionKind.fromYamlName(kind).orElseThrow();

        assertThat(classifier.classify(response(status, Map.of()), connectionKind).outcome()).isEqualTo(expected);
    }

    @Test
    void githubsExhaustedRateLimitIsA403ThatIsRetriedAfterItsRetryAfter() {
        Classification noneLeft = classifier.classify(response(403, Map.of("x-ratelimit-remaining", "0")),
                ConnectionKind.GITHUB);
        Classification secondary = classifier.classify(response(403, Map.of("retry-after", "60")),
                ConnectionKind.GITHUB);

        assertThat(noneLeft.outcome()).isEqualTo(Outcome.RETRY);
        assertThat(secondary.outcome()).isEqualTo(Outcome.RETRY);
        assertThat(secondary.retryAfter()).contains(Duration.ofSeconds(60));
        assertThat(classifier.classify(response(403, Map.of("retry-after", "60")), ConnectionKind.KUBERNETES)
                .outcome()).isEqualTo(Outcome.FINAL);
    }

    private static AttemptResult response(int status, Map<String, String> headers) {
        return AttemptResult.response(status, headers, Duration.ofMillis(12), "", false);
    }
}
