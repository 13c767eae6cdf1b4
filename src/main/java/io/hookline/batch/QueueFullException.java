package io.hookline.batch;

/** An item refused because the group commit's queue already holds its bound in bytes. */
public class QueueFullException extends RuntimeException {

    private final long queuedBytes;
    private final long maxQueuedBytes;

    public QueueFullException(long queuedBytes, long maxQueuedBytes) {
        super(String.format("%,d bytes are waiting to be written, the limit is %,d", queuedBytes, maxQueuedBytes),
                null, false, false);
        this.queuedBytes = queuedBytes;
        this.maxQueuedBytes = maxQueuedBytes;
    }

    public long queuedBytes() {
        return queuedBytes;
    }

    public long maxQueuedBytes() {
        return maxQueuedBytes;
    }
}
