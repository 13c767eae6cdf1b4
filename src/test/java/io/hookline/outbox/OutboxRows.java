package io.hookline.outbox;

/**
 * Tests that set a delivery as a replica would leave it (leased, due, final) change its row and
 * its due-queue entry together, as dispatch does: a delivery to send is in delivery_queue, due at
 * its next_attempt_at; a final one is not.
 */
public final class OutboxRows {

    private OutboxRows() {
    }

    /** The statement that applies {@code set} to the delivery of id {@code $1} and its queue entry. */
    public static String update(String set) {
        return """
                WITH d AS (
                    UPDATE deliveries SET %s WHERE id = $1
                    RETURNING id, connection, queue, state, next_attempt_at
                ), gone AS (
                    DELETE FROM delivery_queue q USING d
                     WHERE q.delivery_id = d.id AND d.state NOT IN ('PENDING', 'RETRY_SCHEDULED', 'DELIVERING')
                )
                INSERT INTO delivery_queue (delivery_id, connection, queue, due_at)
                SELECT id, connection, queue, next_attempt_at FROM d
                 WHERE d.state IN ('PENDING', 'RETRY_SCHEDULED', 'DELIVERING')
                ON CONFLICT (delivery_id) DO UPDATE
                   SET connection = EXCLUDED.connection, queue = EXCLUDED.queue, due_at = EXCLUDED.due_at
                """.formatted(set);
    }
}
