package io.hookline.logging;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What a log line names its event and delivery by: {@code run_uuid}, {@code event_id},
 * {@code delivery_id}, {@code connection}, the names the API and the JSON log use. A value that
 * is not known (an event without a run, a hook without a connection) is left out.
 */
public final class LogFields {

    public static final String RUN_UUID = "run_uuid";
    public static final String EVENT_ID = "event_id";
    public static final String DELIVERY_ID = "delivery_id";
    public static final String CONNECTION = "connection";

    private final Map<String, String> fields = new LinkedHashMap<>(8);

    private LogFields() {
    }

    public static LogFields event(String eventId, String runUuid) {
        return new LogFields().with(RUN_UUID, runUuid).with(EVENT_ID, eventId);
    }

    public static LogFields delivery(UUID deliveryId, String eventId, String runUuid, String connection) {
        return event(eventId, runUuid).with(DELIVERY_ID, deliveryId == null ? null : deliveryId.toString())
                .with(CONNECTION, connection);
    }

    private LogFields with(String key, String value) {
        if (value != null && !value.isEmpty()) {
            fields.put(key, value);
        }
        return this;
    }

    Map<String, String> asMap() {
        return fields;
    }
}
