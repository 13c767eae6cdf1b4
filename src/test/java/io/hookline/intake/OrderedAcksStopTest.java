package io.hookline.intake;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.mutiny.operators.multi.processors.UnicastProcessor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** What a Report stream does when its replica shuts down. */
class OrderedAcksStopTest {

    @Test
    void aStoppedStreamAnswersWhatItReadThenEndsWithTheReasonAndReadsNothingMore() {
        UnicastProcessor<String> requests = UnicastProcessor.create();
        List<CompletableFuture<String>> answers = new CopyOnWriteArrayList<>();
        Set<OrderedAcks<?, ?>> open = ConcurrentHashMap.newKeySet();
        AssertSubscriber<String> client = OrderedAcks.<String, String>of(requests, 8, request -> {
            CompletableFuture<String> answer = new CompletableFuture<>();
            answers.add(answer);
            return answer.thenApply(done -> "ack " + request);
        }, open).subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        requests.onNext("a");
        requests.onNext("b");
        IllegalStateException stopping = new IllegalStateException("shutting down");

        open.forEach(stream -> stream.stop(stopping));
        requests.onNext("c"); // sent after the stop: never read
        answers.forEach(answer -> answer.complete("done"));

        client.assertFailedWith(IllegalStateException.class, "shutting down");
        assertThat(client.getItems()).containsExactly("ack a", "ack b");
        assertThat(answers).hasSize(2);
        assertThat(open).isEmpty();
    }

    @Test
    void aStreamIsOpenOnlyWhileItRuns() {
        Set<OrderedAcks<?, ?>> open = ConcurrentHashMap.newKeySet();
        AssertSubscriber<String> client = OrderedAcks.<String, String>of(Multi.createFrom().items("a"), 8,
                        request -> CompletableFuture.completedFuture("ack " + request), open)
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));

        client.assertCompleted().assertItems("ack a");
        assertThat(open).isEmpty();
    }
}
