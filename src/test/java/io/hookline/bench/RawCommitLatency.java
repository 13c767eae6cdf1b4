package io.hookline.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The durable floor under an ack: the latency of one single-row INSERT commit (fsync and
 * synchronous_commit on) into the same Postgres Hookline uses, from 4 clients with plain JDBC,
 * each committing one row at a time for the given seconds. An ack cannot be faster than this;
 * what it takes beyond it is Hookline's own.
 *
 * <p>Usage: {@code RawCommitLatency <postgres port> <seconds>}
 */
public final class RawCommitLatency {

    private static final int CLIENTS = 4;

    public static void main(String[] args) throws Exception {
        String url = "jdbc:postgresql://localhost:" + args[0] + "/postgres";
        long seconds = Long.parseLong(args[1]);
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres"); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS bench_raw_commits");
            s.execute("CREATE TABLE bench_raw_commits (LIKE run_events INCLUDING ALL)");
        }
        byte[] payload = IntakeLoad.event("raw").toByteArray();
        Recorder latency = new Recorder(3);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long start = System.nanoTime();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            Thread client = new Thread(() -> {
                try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
                     PreparedStatement insert = c.prepareStatement("INSERT INTO bench_raw_commits (event_id, run_uuid,"
                             + " run_name, run_kind, project, status, payload) VALUES (?, ?, 'train', 'job', 'bench/raw',"
                             + " 'succeeded', ?)")) {
                    c.setAutoCommit(true);
                    while (System.nanoTime() < end) {
                        insert.setString(1, UUID.randomUUID().toString());
                        insert.setString(2, UUID.randomUUID().toString().replace("-", ""));
                        insert.setBytes(3, payload);
                        long sent = System.nanoTime();
                        insert.executeUpdate();
                        latency.recordValue(System.nanoTime() - sent);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            client.start();
            clients.add(client);
        }
        for (Thread client : clients) {
            client.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        Histogram h = latency.getIntervalHistogram();
        System.out.printf("{\"clients\":%d,\"commits\":%d,\"seconds\":%.3f,\"commits_per_second\":%.0f,\"mean_ms\":%.3f,%s}%n",
                CLIENTS, h.getTotalCount(), elapsed, h.getTotalCount() / elapsed, h.getMean() / 1e6,
                IntakeLoad.percentiles("", h, 1e6));
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres"); Statement s = c.createStatement()) {
            s.execute("DROP TABLE bench_raw_commits");
        }
    }
}
