package io.hookline.batch;

import io.smallrye.mutiny.Uni;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Group commit: items from every stream queue here and are written in batches, at most
 * {@code maxInflight} batches at a time. With nothing in flight an item is written at once (no
 * timer, so light load keeps the latency of a single commit); under load items queue behind the
 * batches in flight and the next batch takes all of them, so one commit serves many events.
 *
 * <p>A batch starts beside one already in flight only when at least {@code minBatchWhileBusy} items
 * wait; fewer wait for a batch in flight to finish, which writes them in one. Under moderate load
 * a new slot otherwise took each item as it came (2.6 events per intake commit at 500 events/s),
 * and each statement's own cost, not the rows, was most of what the database did.
 *
 * <p>Batches never share fate: when a batch fails because of what one of its items holds (see
 * {@link BatchFailures#isItemFault}), it is split in halves and each half written again, down to
 * the single item at fault, which alone fails; the others are written as usual. A failure that
 * is not an item's fault (the database is away) fails the whole batch.
 *
 * <p>Admission is bounded in bytes: items waiting or being written weigh at most
 * {@code maxQueuedBytes} together, and an item that would go past it is refused at once with
 * {@link QueueFullException}, before any work is done for it.
 *
 * <p>Hand-written because Mutiny's {@code group().intoLists().of(size, duration)} batches by a
 * time window, which adds that window to every ack at low load, and has neither isolation nor a
 * bound in bytes.
 */
public final class GroupCommit<I, O> {

    private record Pending<I, O>(I item, long weight, CompletableFuture<O> result) {
    }

    /** One item's outcome inside a batch written with isolation. */
    private record Written<O>(O result, Throwable failure) {
    }

    private static final int SHARE_FROM = 16;

    private final ConcurrentLinkedQueue<Pending<I, O>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inflight = new AtomicInteger();
    /** Items in {@link #queue}: its own size() walks it. */
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final Function<List<I>, Uni<List<O>>> writer;
    private final ToLongFunction<I> weigher;
    private final int maxBatch;
    private final int maxInflight;
    private final int minBatchWhileBusy;
    private final long maxQueuedBytes;

    /**
     * @param writer         writes a batch in one transaction; returns one result per item, in order
     * @param weigher        an item's weight in bytes, counted from submit until its result
     * @param minBatchWhileBusy the fewest waiting items that start a batch while another is in flight
     * @param maxQueuedBytes the most bytes waiting or being written at once
     */
    public GroupCommit(Function<List<I>, Uni<List<O>>> writer, ToLongFunction<I> weigher, int maxBatch,
                       int maxInflight, int minBatchWhileBusy, long maxQueuedBytes) {
        this.writer = writer;
        this.weigher = weigher;
        this.maxBatch = maxBatch;
        this.maxInflight = maxInflight;
        this.minBatchWhileBusy = Math.max(1, minBatchWhileBusy);
        this.maxQueuedBytes = maxQueuedBytes;
    }

    /** A group commit with no bound in bytes, for items whose number is bounded elsewhere. */
    public GroupCommit(Function<List<I>, Uni<List<O>>> writer, int maxBatch, int maxInflight) {
        this(writer, item -> 0, maxBatch, maxInflight, 1, Long.MAX_VALUE);
    }

    /**
     * The item's result once its batch is written; fails with {@link QueueFullException} at once
     * when the queue holds too many bytes, or with the item's own fault, or with the batch's
     * failure when the database could not write it.
     */
    public CompletionStage<O> submit(I item) {
        long weight = weigher.applyAsLong(item);
        long after = queuedBytes.addAndGet(weight);
        if (after > maxQueuedBytes && after != weight) {
            queuedBytes.addAndGet(-weight);
            return CompletableFuture.failedFuture(new QueueFullException(after - weight, maxQueuedBytes));
        }
        CompletableFuture<O> result = new CompletableFuture<>();
        result.whenComplete((r, f) -> queuedBytes.addAndGet(-weight));
        queue.add(new Pending<>(item, weight, result));
        queued.incrementAndGet();
        flush();
        return result;
    }

    /** Bytes of the items waiting or being written now. */
    public long queuedBytes() {
        return queuedBytes.get();
    }

    private void flush() {
        while (!queue.isEmpty()) {
            int current = inflight.get();
            if (current >= maxInflight || current > 0 && queued.get() < minBatchWhileBusy) {
                return; // a finishing batch calls flush() again
            }
            if (!inflight.compareAndSet(current, current + 1)) {
                continue;
            }
            // A backlog (after a stalled commit, a burst) is shared out over the slots, so it is
            // written by several commits at once rather than by one batch of up to maxBatch that
            // every item in it waits for; below SHARE_FROM items a batch takes them all.
            int share = Math.min(maxBatch, Math.max(SHARE_FROM, (queued.get() + maxInflight - 1) / maxInflight));
            List<Pending<I, O>> batch = new ArrayList<>();
            Pending<I, O> next;
            while (batch.size() < share && (next = queue.poll()) != null) {
                queued.decrementAndGet();
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
        writeIsolating(batch.stream().map(Pending::item).toList()).subscribe().with(
                written -> {
                    inflight.decrementAndGet();
                    for (int i = 0; i < batch.size(); i++) {
                        Written<O> w = written.get(i);
                        if (w.failure() == null) {
                            batch.get(i).result().complete(w.result());
                        } else {
                            batch.get(i).result().completeExceptionally(w.failure());
                        }
                    }
                    flush();
                },
                failure -> {
                    inflight.decrementAndGet();
                    batch.forEach(p -> p.result().completeExceptionally(failure));
                    flush();
                });
    }

    /**
     * Writes the items; when that fails through an item's fault, writes each half again. The
     * halves are written one after the other, so isolating one bad item among n costs about
     * 2·log2(n) extra transactions and never more connections than the batch had.
     */
    private Uni<List<Written<O>>> writeIsolating(List<I> items) {
        return Uni.createFrom().deferred(() -> writer.apply(items))
                .map(results -> results.stream().map(r -> new Written<O>(r, null)).toList())
                .onFailure(BatchFailures::isItemFault).recoverWithUni(failure -> {
                    if (items.size() == 1) {
                        return Uni.createFrom().item(List.of(new Written<>(null, failure)));
                    }
                    int half = items.size() / 2;
                    return writeIsolating(items.subList(0, half)).chain(first ->
                            writeIsolating(items.subList(half, items.size())).map(second -> {
                                List<Written<O>> all = new ArrayList<>(first);
                                all.addAll(second);
                                return all;
                            }));
                });
    }
}
