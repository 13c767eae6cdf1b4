package io.hookline.intake;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.smallrye.mutiny.subscription.MultiSubscriber;

import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Function;

/**
 * Turns a stream of requests into a stream of answers in request order, with up to
 * {@code window} requests being processed at once.
 *
 * <p>Hand-written because Mutiny offers either order with one request at a time
 * ({@code transformToUniAndConcatenate}, one database round trip per event) or concurrency
 * without order ({@code transformToUniAndMerge}). Agents expect the acks of one stream in the
 * order they sent the events, and intake must keep many in flight to fill a group commit.
 * Upstream is read only as answers go out, so a stream never buffers more than {@code window}.
 */
public final class OrderedAcks<I, O> implements MultiSubscriber<I> {

    private final ArrayDeque<CompletableFuture<O>> inOrder = new ArrayDeque<>();
    private final Function<I, CompletionStage<O>> process;
    private final MultiEmitter<? super O> emitter;
    private final int window;
    private Flow.Subscription upstream;
    private boolean upstreamDone;
    private Throwable upstreamFailure;
    private boolean finished;

    private OrderedAcks(Function<I, CompletionStage<O>> process, MultiEmitter<? super O> emitter, int window) {
        this.process = process;
        this.emitter = emitter;
        this.window = window;
    }

    public static <I, O> Multi<O> of(Multi<I> requests, int window, Function<I, CompletionStage<O>> process) {
        return of(requests, window, process, null);
    }

    /**
     * As {@link #of(Multi, int, Function)}, with the stream in {@code open} while it runs, so
     * that shutdown can {@link #stop} it.
     */
    public static <I, O> Multi<O> of(Multi<I> requests, int window, Function<I, CompletionStage<O>> process,
                                     Set<OrderedAcks<?, ?>> open) {
        return Multi.createFrom().emitter(emitter -> {
            OrderedAcks<I, O> acks = new OrderedAcks<>(process, emitter, window);
            if (open != null) {
                open.add(acks);
            }
            emitter.onTermination(() -> {
                acks.cancelUpstream();
                if (open != null) {
                    open.remove(acks);
                }
            });
            requests.subscribe().withSubscriber(acks);
        });
    }

    /**
     * Reads no more requests, answers those being processed, then ends the stream with
     * {@code reason}: a client knows that every request answered is done, and resends the rest.
     */
    public void stop(Throwable reason) {
        Flow.Subscription subscription;
        synchronized (this) {
            if (finished || upstreamDone || upstreamFailure != null) {
                return;
            }
            upstreamFailure = reason;
            subscription = upstream;
        }
        if (subscription != null) {
            subscription.cancel();
        }
        drain();
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        synchronized (this) {
            upstream = subscription;
        }
        subscription.request(window);
    }

    @Override
    public void onItem(I item) {
        synchronized (this) {
            if (upstreamFailure != null) {
                return; // read before the stream was stopped; the client resends it
            }
        }
        CompletableFuture<O> answer;
        try {
            answer = process.apply(item).toCompletableFuture();
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        synchronized (this) {
            inOrder.add(answer);
        }
        answer.whenComplete((result, failure) -> drain());
    }

    @Override
    public void onFailure(Throwable failure) {
        synchronized (this) {
            if (upstreamFailure == null) {
                upstreamFailure = failure;
            }
        }
        drain();
    }

    @Override
    public void onCompletion() {
        synchronized (this) {
            upstreamDone = upstreamFailure == null;
        }
        drain();
    }

    private void drain() {
        int answered = 0;
        synchronized (this) {
            if (finished) {
                return;
            }
            while (!inOrder.isEmpty() && inOrder.peek().isDone()) {
                CompletableFuture<O> head = inOrder.poll();
                if (head.isCompletedExceptionally()) {
                    finished = true;
                    emitter.fail(head.handle((r, e) -> e instanceof java.util.concurrent.CompletionException
                            && e.getCause() != null ? e.getCause() : e).join());
                    return;
                }
                emitter.emit(head.join());
                answered++;
            }
            if (inOrder.isEmpty() && upstreamFailure != null) {
                finished = true;
                emitter.fail(upstreamFailure);
                return;
            }
            if (inOrder.isEmpty() && upstreamDone) {
                finished = true;
                emitter.complete();
                return;
            }
        }
        if (answered > 0) {
            upstream.request(answered);
        }
    }

    private void cancelUpstream() {
        Flow.Subscription subscription;
        synchronized (this) {
            finished = true;
            subscription = upstream;
        }
        if (subscription != null) {
            subscription.cancel();
        }
    }
}
