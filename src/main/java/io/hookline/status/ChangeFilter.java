package io.hookline.status;

import io.hookline.outbox.DeliveryState;

import java.util.Set;

/**
 * Which changes a subscriber wants; an empty field or set matches everything. The status log
 * applies the same filter in SQL when replaying.
 */
public record ChangeFilter(String project, String runUuid, String hubRef, String connection,
                           Set<DeliveryState> states) {

    public static final ChangeFilter ALL = new ChangeFilter("", "", "", "", Set.of());

    public boolean matches(StateChange c) {
        return (project.isEmpty() || project.equals(c.delivery().project()))
                && (runUuid.isEmpty() || runUuid.equals(c.delivery().runUuid()))
                && (hubRef.isEmpty() || hubRef.equals(c.delivery().hubRef()))
                && (connection.isEmpty() || connection.equals(c.delivery().connection()))
                && (states.isEmpty() || states.contains(c.state()));
    }
}
