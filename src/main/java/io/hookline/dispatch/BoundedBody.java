package io.hookline.dispatch;

import io.vertx.core.buffer.Buffer;

/**
 * Keeps the first {@code limit} bytes of a response body and drops the rest as it arrives, so a
 * receiver answering with a huge body cannot fill the memory of the dispatcher.
 */
final class BoundedBody {

    private final int limit;
    private final Buffer start = Buffer.buffer();
    private boolean truncated;

    BoundedBody(int limit) {
        this.limit = limit;
    }

    void append(Buffer data) {
        int room = limit - start.length();
        if (data.length() <= room) {
            start.appendBuffer(data);
        } else {
            if (room > 0) {
                start.appendBuffer(data, 0, room);
            }
            truncated = true;
        }
    }

    Buffer start() {
        return start;
    }

    /** Whether the receiver sent more than {@link #start}. */
    boolean truncated() {
        return truncated;
    }
}
