package io.hookline.status;

/** What a subscriber asked for, validated. */
public record SubscriptionRequest(long afterCursor, ChangeFilter filter, Mode mode) {

    public enum Mode {
        /** Replay after the cursor, then follow live changes. */
        REPLAY_THEN_LIVE,
        /** Replay after the cursor, then end. */
        REPLAY_ONLY,
        /** Only changes from now on; the cursor is ignored. */
        LIVE_ONLY
    }
}
