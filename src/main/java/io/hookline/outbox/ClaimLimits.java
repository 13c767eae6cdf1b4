package io.hookline.outbox;

import java.util.Map;

/**
 * What one claim may take: what each connection and each queue lane can send now, and in all.
 *
 * @param connections rows each connection may get; a connection not named gets none
 * @param lanes       rows each named queue lane may get ({@code ""} is the lane of hooks without a queue)
 * @param otherLanes  rows each lane not in {@code lanes} may get
 * @param total       rows in all, taken in turns across the connections
 */
public record ClaimLimits(Map<String, Integer> connections, Map<String, Integer> lanes, int otherLanes, int total) {

    public ClaimLimits {
        connections = Map.copyOf(connections);
        lanes = Map.copyOf(lanes);
    }
}
