package io.hookline.status;

import io.hookline.outbox.DeliveryTable.NewDelivery;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/**
 * The SQL of {@code delivery_events}: every state change of a delivery is appended here in the
 * transaction of the change, and announced on the {@value #CHANNEL} channel so subscribers on
 * every replica see it.
 */
@ApplicationScoped
public class StatusLog {

    public static final String CHANNEL = "hookline_delivery_events";

    private static final String APPEND_PLANNED = """
            INSERT INTO delivery_events (delivery_id, event_id, run_uuid, run_name, project, hub_ref,
                                         connection, trigger, state, error)
            SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                                 $7::text[], $8::text[], $9::text[], $10::text[])
            """;

    // NOTIFY is delivered at commit, so listeners never read ahead of the log.
    private static final String NOTIFY = "SELECT pg_notify('" + CHANNEL + "', '')";

    /** Appends the initial state of deliveries planned at intake. */
    public Uni<Void> appendPlanned(SqlClient sql, List<NewDelivery> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = rows.size();
        UUID[] ids = new UUID[n];
        String[][] text = new String[9][n];
        for (int i = 0; i < n; i++) {
            NewDelivery row = rows.get(i);
            ids[i] = row.delivery().id();
            text[0][i] = row.event().eventId();
            text[1][i] = row.event().runUuid();
            text[2][i] = row.event().runName();
            text[3][i] = row.event().project();
            text[4][i] = row.delivery().hubRef();
            text[5][i] = row.delivery().connection() == null ? "" : row.delivery().connection();
            text[6][i] = row.delivery().trigger();
            text[7][i] = row.delivery().state().name();
            text[8][i] = row.delivery().reason();
        }
        Tuple args = Tuple.tuple().addValue(ids);
        for (String[] column : text) {
            args.addValue(column);
        }
        return sql.preparedQuery(APPEND_PLANNED).execute(args)
                .chain(() -> sql.query(NOTIFY).execute())
                .replaceWithVoid();
    }
}
