package io.hookline.connections;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeoutWithinLeaseTest {

    private final ConnectionCatalog catalog = new ConnectionCatalogReader(Map.<String, String>of()::get).parse("""
            connections:
              - {name: quick, kind: webhook, url: 'http://127.0.0.1/a', timeout: 5s}
              - {name: patient, kind: webhook, url: 'http://127.0.0.1/b', timeout: 2m}
              - {name: half, kind: webhook, url: 'http://127.0.0.1/c', timeout: 30s}
            """, "catalog.yaml", Path.of("."));

    @Test
    void aConnectionTimeoutLongerThanTheLeaseIsRefusedNamingTheConnectionAndBothKeys() {
        assertThatThrownBy(() -> TimeoutWithinLease.check(catalog, Duration.ofSeconds(60), "hookline.dispatch.workers.lease",
                "catalog.yaml"))
                .isInstanceOf(InvalidConnectionCatalogException.class)
                .hasMessageContaining("catalog.yaml")
                .hasMessageContaining("connections[1].timeout: connection patient has timeout 2m")
                .hasMessageContaining("hookline.dispatch.workers.lease (60s)")
                .hasMessageNotContaining("quick");
    }

    @Test
    void aTimeoutOfHalfTheLeaseIsRefusedAsAWaitForAFreeSlotAndTheRequestTogetherWouldFillIt() {
        assertThatThrownBy(() -> TimeoutWithinLease.check(catalog, Duration.ofSeconds(60), "hookline.dispatch.workers.lease",
                "catalog.yaml"))
                .hasMessageContaining("connections[2].timeout: connection half has timeout 30s, and twice that (a send may"
                        + " wait its timeout for a free slot, then take its timeout) is not shorter than"
                        + " hookline.dispatch.workers.lease (60s)");
    }

    @Test
    void timeoutsShorterThanHalfTheLeaseAreAccepted() {
        assertThatCode(() -> TimeoutWithinLease.check(catalog, Duration.ofMinutes(5), "hookline.dispatch.workers.lease",
                "catalog.yaml")).doesNotThrowAnyException();
    }
}
