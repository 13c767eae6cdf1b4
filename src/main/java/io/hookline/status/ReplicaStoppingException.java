package io.hookline.status;

import io.hookline.error.Refusal;

import java.util.List;

/** Ends a subscriber because its replica is shutting down; it resumes elsewhere after the last cursor it was sent. */
public class ReplicaStoppingException extends Refusal {

    public ReplicaStoppingException(long resumeCursor) {
        super(Kind.UNAVAILABLE, "this Hookline replica is shutting down; resume with after_cursor=" + resumeCursor
                + " (on any replica)", List.of());
    }
}
