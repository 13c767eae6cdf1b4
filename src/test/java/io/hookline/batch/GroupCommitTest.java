package io.hookline.batch;

import io.smallrye.mutiny.Uni;
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class GroupCommitTest {

    /** Writes a batch unless it holds "poison", as Postgres refuses a whole transaction. */
    private final List<List<String>> transactions = new ArrayList<>();
    /** Holds the batch of "gate" until completed, so that later items queue into one batch. */
    private final CompletableFuture<Void> gate = new CompletableFuture<>();

    /** Sizes of the batches {@link #holdUntilReleased} was given, and each one's release. */
    private final List<Integer> sizes = new ArrayList<>();
    private final List<CompletableFuture<Void>> held = new ArrayList<>();

    /** Writes a batch once its entry in {@link #held} is completed. */
    private Uni<List<String>> holdUntilReleased(List<String> batch) {
        sizes.add(batch.size());
        CompletableFuture<Void> release = new CompletableFuture<>();
        held.add(release);
        return Uni.createFrom().completionStage(release).map(ignored -> batch);
    }

    private Uni<List<String>> write(List<String> batch) {
        transactions.add(batch);
        if (batch.equals(List.of("gate"))) {
            return Uni.createFrom().completionStage(gate).map(ignored -> List.of("stored gate"));
        }
        if (batch.contains("poison")) {
            return Uni.createFrom().failure(new PgException("invalid byte sequence for encoding \"UTF8\": 0x00",
                    "ERROR", "22021", null));
        }
        return Uni.createFrom().item(batch.stream().map(s -> "stored " + s).toList());
    }

    @Test
    void anItemThatFailsItsBatchFailsAloneAndTheOthersAreWritten() throws Exception {
        GroupCommit<String, String> commits = new GroupCommit<>(this::write, 64, 1);
        commits.submit("gate");
        List<CompletionStage<String>> results = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            results.add(commits.submit(i == 13 ? "poison" : "item-" + i));
        }
        gate.complete(null);

        for (int i = 0; i < 20; i++) {
            CompletableFuture<String> result = results.get(i).toCompletableFuture();
            if (i == 13) {
                Throwable failure = catchThrowable(result::get);
                assertThat(failure).isInstanceOf(ExecutionException.class);
                assertThat(BatchFailures.isItemFault(failure.getCause())).isTrue();
                assertThat(BatchFailures.describe(failure.getCause())).contains("0x00").contains("22021");
            } else {
                assertThat(result.get()).isEqualTo("stored item-" + i);
            }
        }
        assertThat(transactions.get(1)).hasSize(20);
    }

    @Test
    void aBacklogIsSharedOutOverTheCommitSlotsInsteadOfOneBatchTakingItAll() {
        GroupCommit<String, String> commits = new GroupCommit<>(this::holdUntilReleased, 512, 4);
        for (int i = 0; i < 4; i++) {
            commits.submit("first-" + i);
        }
        List<CompletionStage<String>> backlog = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            backlog.add(commits.submit("item-" + i));
        }

        held.get(0).complete(null);

        assertThat(sizes).as("4 single items, then a quarter of the backlog").containsExactly(1, 1, 1, 1, 100);
        for (int i = 1; i < held.size(); i++) {
            held.get(i).complete(null);
        }
        while (held.stream().anyMatch(h -> !h.isDone())) {
            held.stream().filter(h -> !h.isDone()).toList().forEach(h -> h.complete(null));
        }
        assertThat(backlog).allSatisfy(r -> assertThat(r.toCompletableFuture()).isCompleted());
        assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(404);
        assertThat(sizes.stream().skip(4).mapToInt(Integer::intValue).max().orElseThrow()).isLessThanOrEqualTo(100);
    }

    @Test
    void whileABatchIsInFlightFewWaitingItemsWaitForItAndManyStartTheirOwn() {
        GroupCommit<String, String> commits = new GroupCommit<>(this::holdUntilReleased, item -> 0, 512, 4, 8, Long.MAX_VALUE);

        CompletionStage<String> alone = commits.submit("alone");
        assertThat(sizes).as("nothing in flight: written at once").containsExactly(1);
        List<CompletionStage<String>> few = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            few.add(commits.submit("few-" + i));
        }
        assertThat(sizes).as("7 waiting, fewer than 8: no second commit").containsExactly(1);
        few.add(commits.submit("few-7"));
        assertThat(sizes).as("the 8th starts a commit beside the first").containsExactly(1, 8);

        CompletionStage<String> late = commits.submit("late");
        held.get(0).complete(null);
        assertThat(alone.toCompletableFuture()).isCompletedWithValue("alone");
        assertThat(sizes).as("one waiting item, another commit in flight: it waits for it").containsExactly(1, 8);
        held.get(1).complete(null);
        assertThat(few).allSatisfy(r -> assertThat(r.toCompletableFuture()).isCompleted());
        assertThat(sizes).as("nothing in flight again: the waiting item is written").containsExactly(1, 8, 1);
        held.get(2).complete(null);
        assertThat(late.toCompletableFuture()).isCompletedWithValue("late");
    }

    @Test
    void aBatchOfManyIsolatesItsBadItemInAboutTwoLogNTransactions() {
        GroupCommit<String, String> commits = new GroupCommit<>(this::write, 512, 1);
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 512; i++) {
            items.add(i == 300 ? "poison" : "item-" + i);
        }
        commits.submit("gate");
        List<CompletionStage<String>> results = items.stream().map(commits::submit).toList();
        gate.complete(null);

        assertThat(results.stream().filter(r -> r.toCompletableFuture().isCompletedExceptionally()).count()).isOne();
        assertThat(results.stream().filter(r -> r.toCompletableFuture().isDone()).count()).isEqualTo(512);
        assertThat(transactions.get(1)).hasSize(512);
        // The gate, the whole batch, then two halves per level of a binary search over 512 items.
        assertThat(transactions.size()).isLessThanOrEqualTo(2 + 2 * 9);
    }

    @Test
    void aFailureThatIsNotAnItemsFaultFailsTheWholeBatchWithoutSplittingIt() {
        GroupCommit<String, String> commits = new GroupCommit<>(batch -> {
            transactions.add(batch);
            return Uni.createFrom().failure(new VertxException("Connection refused"));
        }, 64, 1);

        CompletableFuture<String> result = commits.submit("item").toCompletableFuture();

        assertThat(catchThrowable(result::get)).hasRootCauseInstanceOf(VertxException.class);
        assertThat(BatchFailures.isItemFault(new VertxException("Connection refused"))).isFalse();
        assertThat(BatchFailures.isItemFault(new PgException("terminating connection due to administrator command",
                "FATAL", "57P01", null))).isFalse();
        assertThat(transactions).hasSize(1);
    }

    @Test
    void itemsPastTheBoundInBytesAreRefusedAtOnceNamingTheBound() {
        CompletableFuture<List<String>> never = new CompletableFuture<>();
        GroupCommit<String, String> commits = new GroupCommit<>(batch -> Uni.createFrom().completionStage(never),
                String::length, 8, 1, 1, 100);

        CompletableFuture<String> first = commits.submit("a".repeat(60)).toCompletableFuture();
        CompletableFuture<String> second = commits.submit("b".repeat(30)).toCompletableFuture();
        CompletableFuture<String> third = commits.submit("c".repeat(30)).toCompletableFuture();

        assertThat(first).isNotDone();
        assertThat(second).isNotDone();
        Throwable refused = catchThrowable(third::get);
        assertThat(refused.getCause()).isInstanceOf(QueueFullException.class)
                .hasMessageContaining("90 bytes are waiting").hasMessageContaining("the limit is 100");
        assertThat(commits.queuedBytes()).isEqualTo(90);
    }

    @Test
    void bytesAreGivenBackWhenItemsAreWrittenOrFail() throws Exception {
        GroupCommit<String, String> commits = new GroupCommit<>(this::write, String::length, 8, 1, 1, 100);

        commits.submit("a".repeat(60)).toCompletableFuture().get();
        commits.submit("poison").toCompletableFuture().handle((r, f) -> f).get();

        assertThat(commits.queuedBytes()).isZero();
        assertThat(commits.submit("b".repeat(90)).toCompletableFuture().get()).startsWith("stored");
    }
}
