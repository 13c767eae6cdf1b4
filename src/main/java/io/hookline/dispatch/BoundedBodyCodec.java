package io.hookline.dispatch;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import io.vertx.ext.web.codec.BodyCodec;
import io.vertx.ext.web.codec.spi.BodyStream;

/**
 * Keeps the first {@code limit} bytes of a response body and drops the rest as it arrives, so a
 * receiver answering with a huge body cannot fill the memory of the dispatcher.
 */
final class BoundedBodyCodec implements BodyCodec<BoundedBodyCodec.BoundedBody> {

    /** The start of a body, and whether there was more. */
    record BoundedBody(Buffer start, boolean truncated) {
    }

    private final int limit;

    BoundedBodyCodec(int limit) {
        this.limit = limit;
    }

    @Override
    public void create(Handler<AsyncResult<BodyStream<BoundedBody>>> handler) {
        handler.handle(Future.succeededFuture(new Stream()));
    }

    private final class Stream implements BodyStream<BoundedBody> {
        private final Promise<BoundedBody> result = Promise.promise();
        private final Buffer start = Buffer.buffer();
        private boolean truncated;

        @Override
        public Future<BoundedBody> result() {
            return result.future();
        }

        @Override
        public void handle(Throwable failure) {
            result.tryFail(failure);
        }

        @Override
        public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
            return this;
        }

        @Override
        public Future<Void> write(Buffer data) {
            int room = limit - start.length();
            if (data.length() <= room) {
                start.appendBuffer(data);
            } else {
                if (room > 0) {
                    start.appendBuffer(data, 0, room);
                }
                truncated = true;
            }
            return Future.succeededFuture();
        }

        @Override
        public void write(Buffer data, Handler<AsyncResult<Void>> handler) {
            handler.handle(write(data));
        }

        @Override
        public void end(Handler<AsyncResult<Void>> handler) {
            result.tryComplete(new BoundedBody(start, truncated));
            if (handler != null) {
                handler.handle(Future.succeededFuture());
            }
        }

        @Override
        public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
            return this;
        }

        @Override
        public boolean writeQueueFull() {
            return false;
        }

        @Override
        public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
            return this;
        }
    }
}
