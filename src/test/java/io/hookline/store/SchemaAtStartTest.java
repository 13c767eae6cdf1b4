package io.hookline.store;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A migration added without raising {@link SchemaAtStart#VERSION} would never run on a database
 * already at the old version: the start would take the schema for current and skip Flyway.
 */
class SchemaAtStartTest {

    private static final Pattern MIGRATION = Pattern.compile("V(\\d+)__.+\\.sql");

    @Test
    void theVersionSchemaAtStartExpectsIsTheHighestMigrationOfTheBuild() throws IOException {
        int highest;
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            highest = files.map(f -> MIGRATION.matcher(f.getFileName().toString()))
                    .filter(Matcher::matches)
                    .mapToInt(m -> Integer.parseInt(m.group(1)))
                    .max().orElseThrow();
        }
        assertThat(SchemaAtStart.VERSION).isEqualTo(highest);
    }
}
