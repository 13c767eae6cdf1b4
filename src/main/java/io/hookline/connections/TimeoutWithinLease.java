package io.hookline.connections;

import io.hookline.definition.Violation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Twice a connection's {@code timeout} must be shorter than the dispatcher's claim lease: a send
 * may wait up to its timeout for a free slot of the connection's bulkhead and then take up to its
 * timeout, and one still running when its lease runs out is claimed again and sent a second time
 * while the first is still open. Checked at start, with the lease from the dispatch settings.
 */
public final class TimeoutWithinLease {

    private TimeoutWithinLease() {
    }

    /**
     * @param leaseKey names the lease setting in the message
     * @throws InvalidConnectionCatalogException naming each connection whose timeout, twice, is not shorter than the lease
     */
    public static void check(ConnectionCatalog catalog, Duration lease, String leaseKey, String origin) {
        List<Violation> violations = new ArrayList<>();
        int index = 0;
        for (Connection connection : catalog.connections()) {
            if (connection.timeout().multipliedBy(2).compareTo(lease) >= 0) {
                violations.add(Violation.of("connections[" + index + "].timeout", "connection " + connection.name()
                        + " has timeout " + shown(connection.timeout()) + ", and twice that (a send may wait its timeout for a"
                        + " free slot, then take its timeout) is not shorter than " + leaseKey + " (" + shown(lease)
                        + "): a send still running when its lease runs out would be sent again at the same time; make the"
                        + " timeout shorter or " + leaseKey + " longer"));
            }
            index++;
        }
        if (!violations.isEmpty()) {
            throw new InvalidConnectionCatalogException(origin, violations);
        }
    }

    /** As written in the catalog and the properties: 2m, 60s, 300ms. */
    private static String shown(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 1000 != 0) {
            return millis + "ms";
        }
        long seconds = millis / 1000;
        return seconds >= 120 && seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }
}
