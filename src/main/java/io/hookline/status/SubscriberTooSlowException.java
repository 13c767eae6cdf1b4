package io.hookline.status;

/** Ends a subscriber whose buffer overflowed; it resumes after the last cursor it was sent. */
public class SubscriberTooSlowException extends RuntimeException {

    private final long resumeCursor;

    public SubscriberTooSlowException(int buffer, long resumeCursor) {
        super("the subscriber fell more than " + buffer + " changes behind and was ended; resume with after_cursor="
                + resumeCursor);
        this.resumeCursor = resumeCursor;
    }

    public long resumeCursor() {
        return resumeCursor;
    }
}
