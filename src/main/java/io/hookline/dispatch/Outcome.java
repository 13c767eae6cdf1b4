package io.hookline.dispatch;

/** What an attempt means for its delivery. */
public enum Outcome {
    /** The receiver accepted it. */
    DELIVERED,
    /** Try again later (unless the attempts are used up, then DEAD). */
    RETRY,
    /** Failed for good; retrying would get the same answer. */
    FINAL,
    /** The receiver says the endpoint is gone (410): stop sending to this connection. */
    DISABLE
}
