package io.hookline.connections;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a change of the catalog file added, changed and removed, by connection name. */
class CatalogChangeTest {

    private static ConnectionCatalog parsed(Map<String, String> environment, String yaml) {
        return new ConnectionCatalogReader(environment::get).parse(yaml, "test.yaml", Path.of("."));
    }

    private static final String ONE = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String TWO = "whsec_dGhpcyBpcyB0aGUgbmV3IGtleSEh";

    private static final String BEFORE = """
            connections:
              - {name: kept, kind: webhook, url: 'https://kept.example.com/h'}
              - {name: slower, kind: webhook, url: 'https://slower.example.com/h'}
              - {name: rotated, kind: webhook, url: 'https://rotated.example.com/h', secret: {fromEnv: KEY}}
              - {name: dropped, kind: webhook, url: 'https://dropped.example.com/h'}
            """;

    @Test
    void aConnectionIsAddedChangedOrRemovedByNameInFileOrder() {
        ConnectionCatalog before = parsed(Map.of("KEY", ONE), BEFORE);
        ConnectionCatalog after = parsed(Map.of("KEY", TWO), """
                connections:
                  - {name: new, kind: webhook, url: 'https://new.example.com/h'}
                  - {name: kept, kind: webhook, url: 'https://kept.example.com/h'}
                  - {name: slower, kind: webhook, url: 'https://slower.example.com/h', timeout: 30s}
                  - {name: rotated, kind: webhook, url: 'https://rotated.example.com/h', secret: {fromEnv: KEY}}
                """);

        CatalogChange change = new CatalogChange(before, after);

        assertThat(change.added()).containsExactly("new");
        assertThat(change.changed()).as("a new timeout, a new secret value").containsExactly("slower", "rotated");
        assertThat(change.removed()).containsExactly("dropped");
        assertThat(change.isEmpty()).isFalse();
    }

    @Test
    void theSameFileReadTwiceIsNoChangeThoughItsSecretsAreNewObjects() {
        CatalogChange change = new CatalogChange(parsed(Map.of("KEY", ONE), BEFORE), parsed(Map.of("KEY", ONE), BEFORE));

        assertThat(change.isEmpty()).isTrue();
    }
}
