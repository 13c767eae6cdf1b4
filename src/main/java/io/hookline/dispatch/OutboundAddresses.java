package io.hookline.dispatch;

import io.hookline.connections.Connection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.impl.VertxInternal;
import io.vertx.mutiny.core.Vertx;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Where a request may go (server-side request forgery): the URL keeps its connection's scheme,
 * host and port, and the address the host resolves to is not loopback, private (RFC 1918),
 * link-local (169.254.0.0/16, where cloud metadata lives), unique-local (fc00::/7), shared
 * (100.64.0.0/10), unspecified or multicast, unless the connection says
 * {@code allowPrivateNetwork: true}.
 *
 * <p>The name is resolved here, once, and the request is then sent to exactly the address that
 * was checked ({@link HttpSender} connects to it, keeping the name for {@code Host} and TLS), so
 * a DNS answer that changes between the check and the connect (DNS rebinding) cannot reach
 * another address.
 */
final class OutboundAddresses {

    /** The address a request may be sent to, or why not (a sentence naming no secret). */
    sealed interface Verdict {
        record Allowed(InetAddress address) implements Verdict {
        }

        record Refused(String reason) implements Verdict {
        }

        record Unresolved(String reason) implements Verdict {
        }
    }

    private final VertxInternal vertx;

    OutboundAddresses(Vertx vertx) {
        this.vertx = (VertxInternal) vertx.getDelegate();
    }

    /** Empty when {@code uri} keeps the scheme, host and port of the connection's own URL. */
    static Optional<String> sameOriginProblem(Connection connection, URI uri) {
        Optional<String> expected = connection.origin();
        String actual = Connection.originOf(uri);
        return expected.isPresent() && expected.get().equals(actual) ? Optional.empty()
                : Optional.of("the request for connection " + connection.name() + " goes to " + actual
                        + ", not to the connection's " + connection.host()
                        + "; a request keeps its connection's scheme, host and port");
    }

    /** Resolves {@code host} and says whether connection's requests may go there. Never fails. */
    Uni<Verdict> check(Connection connection, String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return Uni.createFrom().<InetAddress>emitter(emitter -> vertx.resolveAddress(bare, resolved -> {
            if (resolved.succeeded()) {
                emitter.complete(resolved.result());
            } else {
                emitter.fail(resolved.cause());
            }
        })).map(address -> verdict(connection, host, address))
                .onFailure().recoverWithItem(failure -> new Verdict.Unresolved("cannot resolve " + host + " for connection "
                        + connection.name() + ": " + failure.getClass().getSimpleName()));
    }

    static Verdict verdict(Connection connection, String host, InetAddress address) {
        Optional<String> kind = restrictedKind(address);
        if (kind.isEmpty() || connection.allowPrivateNetwork()) {
            return new Verdict.Allowed(address);
        }
        return new Verdict.Refused("connection " + connection.name() + ": " + host + " resolves to "
                + address.getHostAddress() + ", a " + kind.get() + " address; requests go to private, loopback,"
                + " link-local and metadata addresses only when the connection sets allowPrivateNetwork: true");
    }

    /** What kind of non-public address this is, or empty for a public one. */
    static Optional<String> restrictedKind(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return Optional.of("loopback");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of("link-local");
        }
        if (address.isSiteLocalAddress()) {
            return Optional.of("private");
        }
        if (address.isAnyLocalAddress()) {
            return Optional.of("unspecified");
        }
        if (address.isMulticastAddress()) {
            return Optional.of("multicast");
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            if (first == 0 || (first == 100 && second >= 64 && second < 128) || first >= 240) {
                return Optional.of("reserved");
            }
        }
        if (address instanceof Inet6Address) {
            if ((bytes[0] & 0xfe) == 0xfc) {
                return Optional.of("unique-local");
            }
            if (isIpv4Embedded(bytes)) {
                // ::ffff:169.254.169.254 and NAT64 forms reach the IPv4 address they embed.
                try {
                    return restrictedKind(InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16)));
                } catch (UnknownHostException impossible) {
                    return Optional.of("reserved");
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isIpv4Embedded(byte[] bytes) {
        boolean mapped = true;
        for (int i = 0; i < 10; i++) {
            mapped &= bytes[i] == 0;
        }
        mapped &= (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff;
        boolean nat64 = (bytes[0] & 0xff) == 0x00 && (bytes[1] & 0xff) == 0x64 && (bytes[2] & 0xff) == 0xff
                && (bytes[3] & 0xff) == 0x9b;
        return mapped || nat64;
    }
}
