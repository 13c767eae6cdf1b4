package io.hookline.batch;

import io.smallrye.mutiny.Uni;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Group commit: items from every stream queue here and are written in batches, at most
 * {@code maxInflight} batches at a time. With nothing in flight an item is written at once (no
 * timer, so light load keeps the latency of a single commit); under load items queue behind the
 * batches in flight and the next batch takes all of them, so one commit serves many events.
 *
 * <p>Hand-written because Mutiny's {@code group().intoLists().of(size, duration)} batches by a
 * time window, which adds that window to every ack at low load.
 */
public final class GroupCommit<I, O> {

    private record Pending<I, O>(I item, CompletableFuture<O> result) {
    }

    private final ConcurrentLinkedQueue<Pending<I, O>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inflight = new AtomicInteger();
    private final Function<List<I>, Uni<List<O>>> writer;
    private final int maxBatch;
    private final int maxInflight;

    /** @param writer writes a batch in one transaction; returns one result per item, in order */
    public GroupCommit(Function<List<I>, Uni<List<O>>> writer, int maxBatch, int maxInflight) {
        this.writer = writer;
        this.maxBatch = maxBatch;
        this.maxInflight = maxInflight;
    }

    public CompletionStage<O> submit(I item) {
        CompletableFuture<O> result = new CompletableFuture<>();
        queue.add(new Pending<>(item, result));
        flush();
        return result;
    }

    private void flush() {
        while (!queue.isEmpty()) {
            int current = inflight.get();
            if (current >= maxInflight) {
                return; // a finishing batch calls flush() again
            }
            if (!inflight.compareAndSet(current, current + 1)) {
                continue;
            }
            List<Pending<I, O>> batch = new ArrayList<>();
            Pending<I, O> next;
            while (batch.size() < maxBatch && (next = queue.poll()) != null) {
                batch.add(next);
            }
            if (batch.isEmpty()) {
                inflight.decrementAndGet();
                continue; // another flusher took them; re-check so no item is stranded
            }
            write(batch);
        }
    }

    private void write(List<Pending<I, O>> batch) {
        Uni<List<O>> written;
        try {
            written = writer.apply(batch.stream().map(Pending::item).toList());
        } catch (RuntimeException e) {
            written = Uni.createFrom().failure(e);
        }
        written.subscribe().with(
                results -> {
                    inflight.decrementAndGet();
                    for (int i = 0; i < batch.size(); i++) {
                        batch.get(i).result().complete(results.get(i));
                    }
                    flush();
                },
                failure -> {
                    inflight.decrementAndGet();
                    batch.forEach(p -> p.result().completeExceptionally(failure));
                    flush();
                });
    }
}
