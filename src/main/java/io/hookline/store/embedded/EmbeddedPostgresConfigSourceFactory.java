package io.hookline.store.embedded;

import io.quarkus.runtime.ExecutionMode;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Supplies the datasource URLs of an embedded Postgres when none is configured, and starts it in
 * the background: nothing reads the database before {@code SchemaAtStart}, which waits for it.
 *
 * <p>Written by hand because the Quarkiverse embedded-postgres extension fixes port and data
 * directory at build time, starts a server even when an external URL is set, and runs with fsync
 * and synchronous_commit off, which would make an acked event not durable (MACHINE-NOTES).
 *
 * <p>Factories also run while Quarkus builds the application, so this one only acts at run time;
 * otherwise {@code mvn package} would start Postgres.
 */
public class EmbeddedPostgresConfigSourceFactory implements ConfigSourceFactory {

    static final String REACTIVE_URL = "quarkus.datasource.reactive.url";
    static final String ENABLED = "hookline.embedded-postgres.enabled";
    static final String DATA_DIR = "hookline.embedded-postgres.data-dir";
    static final String PORT = "hookline.embedded-postgres.port";
    static final String CLEAN = "hookline.embedded-postgres.clean-start";

    /** Ordinal below application.properties (250) and environment variables (300). */
    private static final int ORDINAL = 200;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (ExecutionMode.current() != ExecutionMode.RUNTIME_INIT) {
            return List.of();
        }
        if (!value(context, REACTIVE_URL, "").isBlank()
                || !Boolean.parseBoolean(value(context, ENABLED, "true"))) {
            return List.of();
        }
        int port = EmbeddedPostgresServer.startInBackground(new EmbeddedPostgresServer.Settings(
                value(context, DATA_DIR, "hookline-data/postgres"),
                Integer.parseInt(value(context, PORT, "0")),
                Boolean.parseBoolean(value(context, CLEAN, "false"))));
        Map<String, String> properties = Map.of(
                REACTIVE_URL, "postgresql://localhost:" + port + "/postgres",
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://localhost:" + port + "/postgres",
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
        return List.of(new PropertiesConfigSource(properties, "hookline-embedded-postgres", ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    private static String value(ConfigSourceContext context, String name, String fallback) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null ? fallback : value.getValue();
    }
}
