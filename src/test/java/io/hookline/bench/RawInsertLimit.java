package io.hookline.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The raw limit for intake: durable (fsync, synchronous_commit on) batched inserts of rows shaped
 * like run_events into the same Postgres, with plain JDBC, 4 writers, 256 rows per commit, the
 * shape of Hookline's group commit without gRPC, validation or planning.
 *
 * <p>Usage: {@code RawInsertLimit <postgres port> <rows>}
 */
public final class RawInsertLimit {

    public static void main(String[] args) throws Exception {
        String url = "jdbc:postgresql://localhost:" + args[0] + "/postgres";
        int rows = Integer.parseInt(args[1]);
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres"); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS bench_raw_events");
            s.execute("CREATE TABLE bench_raw_events (LIKE run_events INCLUDING ALL)");
        }
        int writers = 4;
        int batch = 256;
        AtomicLong written = new AtomicLong();
        byte[] payload = IntakeLoad.event("raw").toByteArray();
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            Thread t = new Thread(() -> {
                try (Connection c = DriverManager.getConnection(url, "postgres", "postgres")) {
                    c.setAutoCommit(false);
                    PreparedStatement insert = c.prepareStatement("INSERT INTO bench_raw_events (event_id, run_uuid,"
                            + " run_name, run_kind, project, status, payload) VALUES (?, ?, ?, 'job', 'bench/raw', ?, ?)"
                            + " ON CONFLICT (event_id) DO NOTHING");
                    while (written.get() < rows) {
                        for (int i = 0; i < batch; i++) {
                            insert.setString(1, UUID.randomUUID().toString());
                            insert.setString(2, UUID.randomUUID().toString().replace("-", ""));
                            insert.setString(3, "train-" + (i & 63));
                            insert.setString(4, "succeeded");
                            insert.setBytes(5, payload);
                            insert.addBatch();
                        }
                        insert.executeBatch();
                        c.commit();
                        written.addAndGet(batch);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("{\"rows\":%d,\"seconds\":%.3f,\"raw_rows_per_second\":%.0f}%n",
                written.get(), seconds, written.get() / seconds);
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres"); Statement s = c.createStatement()) {
            s.execute("DROP TABLE bench_raw_events");
        }
    }
}
