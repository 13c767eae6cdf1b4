package io.hookline.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Creates an empty database on a running Postgres, for a first start that is timed without the
 * server's own start in it (bench/run.sh).
 *
 * <p>Usage: {@code CreateDatabase <postgres port> <name>}
 */
public final class CreateDatabase {

    public static void main(String[] args) throws Exception {
        String url = "jdbc:postgresql://localhost:" + args[0] + "/postgres";
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + args[1]);
            s.execute("CREATE DATABASE " + args[1]);
        }
    }

    private CreateDatabase() {
    }
}
