package io.hookline.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookline.outbox.StoredRequestCodec.UnreadableRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A stored request reads back exactly as it was written, in fewer bytes than its JSON; a damaged one is refused with a reason. */
class StoredRequestCodecTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRACE_PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private final StoredRequestCodec codec = new StoredRequestCodec(JSON);

    static Stream<StoredRequest> requests() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json; charset=utf-8");
        headers.put("Authorization", "Bearer {{hookline.secret}}");
        headers.put("X-Run", "train 🚀 résnet 训练");
        StringBuilder random = new StringBuilder();
        Random seeded = new Random(12);
        while (random.length() < 300_000) {
            // Any code point from U+0020 to the supplementary planes except surrogates (bit 0x800 cleared).
            random.appendCodePoint(seeded.nextInt(0x2FFFF) + 1 & ~0x800 | 0x20);
        }
        return Stream.of(
                new StoredRequest("POST", Map.of(), ""),
                new StoredRequest("GET", Map.of("X-Empty", ""), "x"),
                new StoredRequest("POST", headers, "{\"text\": \"say \\\"hi\\\" 🚀 \u2028 \u0000 训练 émoji\"}"),
                new StoredRequest("PUT", headers, "{\"data\": \"" + "0123456789abcdef".repeat(20_000) + "\"}"),
                new StoredRequest("PATCH", headers, random.toString()),
                new StoredRequest("POST", Map.of(), "{}", "", TRACE_PARENT),
                new StoredRequest("POST", headers, "{\"data\": \"" + "0123456789abcdef".repeat(200) + "\"}",
                        "/api/v1/acme/vision/runs", TRACE_PARENT));
    }

    @Test
    void theRequestOfAnUntracedEventIsStoredInTheFormItHadBeforeTracing() {
        byte[] untraced = codec.write(new StoredRequest("POST", Map.of("A", "b"), "short", "", ""));

        assertThat(untraced[0]).as("format byte").isEqualTo((byte) 1);
        assertThat(untraced).isEqualTo(codec.write(new StoredRequest("POST", Map.of("A", "b"), "short")));
    }

    @ParameterizedTest
    @MethodSource("requests")
    void aRequestReadsBackExactlyAsItWasWritten(StoredRequest request) {
        StoredRequest read = codec.read(codec.write(request));

        assertThat(read).isEqualTo(request);
        assertThat(read.body()).isEqualTo(request.body());
    }

    @Test
    void aWebhookSizedJsonBodyIsStoredInAFractionOfItsJson() throws Exception {
        String body = "{\"type\":\"run.completed\",\"data\":{\"run\":{\"uuid\":\"8aac02e3a62a4f0aaa257c59da5eab80\","
                + "\"name\":\"train-12\",\"kind\":\"job\",\"project\":\"bench/load\",\"status\":\"succeeded\","
                + "\"inputs\":{},\"outputs\":{\"loss\":0.42,\"accuracy\":0.91},\"labels\":{}},"
                + "\"globals\":{\"owner_name\":\"bench\",\"project_name\":\"load\",\"uuid\":\"8aac02e3a62a4f0aaa257c59da5eab80\","
                + "\"name\":\"train-12\",\"kind\":\"job\",\"status\":\"succeeded\"}}}";
        StoredRequest request = new StoredRequest("POST", Map.of("Content-Type", "application/json"), body);

        int json = JSON.writeValueAsBytes(request).length;

        assertThat(codec.write(request).length).isLessThan(json * 2 / 3);
    }

    @Test
    void rowsStoredAsJsonBeforeTheCompactFormAreStillRead() {
        byte[] legacy = "{\"method\": \"POST\", \"body\": \"{\\\"a\\\": \\\"🚀\\\"}\", \"headers\": {\"Content-Type\": \"application/json\"}}"
                .getBytes(StandardCharsets.UTF_8);

        assertThat(codec.read(legacy)).isEqualTo(new StoredRequest("POST", Map.of("Content-Type", "application/json"),
                "{\"a\": \"🚀\"}"));
    }

    @Test
    void aDamagedCompressedRequestIsRefusedAndSaysItIsDamaged() {
        byte[] stored = codec.write(new StoredRequest("PUT", Map.of(), "0123456789abcdef".repeat(1_000)));
        assertThat(stored[0]).as("compressed").isEqualTo((byte) 2);
        stored[stored.length / 2] ^= 0x5a;

        assertThatThrownBy(() -> codec.read(stored)).isInstanceOf(UnreadableRequestException.class)
                .hasMessageStartingWith("stored request is unreadable: ");
    }

    @Test
    void aTruncatedRequestIsRefusedAndSaysItEndsEarly() {
        byte[] stored = codec.write(new StoredRequest("POST", Map.of("A", "b"), "short"));

        assertThatThrownBy(() -> codec.read(Arrays.copyOf(stored, stored.length - 2)))
                .isInstanceOf(UnreadableRequestException.class)
                .hasMessage("stored request is unreadable: it ends before its last field");
    }

    @Test
    void bytesInNoKnownFormatOrNoneAtAllAreRefusedWithTheReason() {
        assertThatThrownBy(() -> codec.read(new byte[] {9, 1, 2})).isInstanceOf(UnreadableRequestException.class)
                .hasMessage("stored request is unreadable: unknown format 9");
        assertThatThrownBy(() -> codec.read(new byte[0])).isInstanceOf(UnreadableRequestException.class)
                .hasMessage("stored request is unreadable: nothing is stored");
        assertThatThrownBy(() -> codec.read("{\"method\": 1".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UnreadableRequestException.class).hasMessageStartingWith("stored request is unreadable: ");
    }
}
