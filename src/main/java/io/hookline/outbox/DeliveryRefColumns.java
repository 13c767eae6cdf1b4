package io.hookline.outbox;

import io.vertx.mutiny.sqlclient.Row;

/** Reads a {@link DeliveryRef} from the columns id, event_id, run_uuid, run_name, project, hub_ref, connection, trigger. */
final class DeliveryRefColumns {

    /** How many columns a reference takes. */
    static final int COUNT = 8;

    private DeliveryRefColumns() {
    }

    /** The reference whose eight columns start at position {@code first}. */
    static DeliveryRef read(Row row, int first) {
        return new DeliveryRef(row.getUUID(first), row.getString(first + 1), row.getString(first + 2),
                row.getString(first + 3), row.getString(first + 4), row.getString(first + 5), row.getString(first + 6),
                row.getString(first + 7));
    }
}
