package io.hookline.status;

import io.hookline.error.Refusal;

import java.util.List;

/** Ends a subscriber whose buffer overflowed; it resumes after the last cursor it was sent. */
public class SubscriberTooSlowException extends Refusal {

    private final long resumeCursor;

    public SubscriberTooSlowException(int buffer, long resumeCursor) {
        super(Kind.RESOURCE_EXHAUSTED, "the subscriber fell more than " + buffer
                + " changes behind and was ended; resume with after_cursor=" + resumeCursor, List.of());
        this.resumeCursor = resumeCursor;
    }

    public long resumeCursor() {
        return resumeCursor;
    }
}
