package io.hookline.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.connections.Connection;
import io.hookline.connections.ConnectionCatalogReader;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which addresses and URLs a connection's requests may reach. */
class OutboundAddressesTest {

    private static final Connection RECEIVER = new ConnectionCatalogReader(Map.<String, String>of()::get).parse("""
            connections:
              - {name: receiver, kind: webhook, url: 'https://hooks.example.com/in'}
            """, "test.yaml", Path.of(".")).find("receiver").orElseThrow();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "127.0.0.1 | loopback", "::1 | loopback", "10.0.0.1 | private", "172.16.5.4 | private",
            "192.168.1.1 | private", "169.254.169.254 | link-local", "fe80::1 | link-local", "fd00::1 | unique-local",
            "0.0.0.0 | unspecified", "100.64.0.1 | reserved", "::ffff:169.254.169.254 | link-local",
            "64:ff9b::a9fe:a9fe | link-local", "224.0.0.1 | multicast"})
    void nonPublicAddressesAreRestricted(String address, String kind) throws UnknownHostException {
        assertThat(OutboundAddresses.restrictedKind(InetAddress.getByName(address))).contains(kind);
    }

    @ParameterizedTest
    @CsvSource({"93.184.215.14", "8.8.8.8", "2606:4700::1111"})
    void publicAddressesAreNot(String address) throws UnknownHostException {
        assertThat(OutboundAddresses.restrictedKind(InetAddress.getByName(address))).isEmpty();
    }

    @Test
    void urlOfAnotherHostThanTheConnectionsIsRefusedNamingBoth() {
        assertThat(OutboundAddresses.sameOriginProblem(RECEIVER, URI.create("https://evil.example.net/in"))).contains(
                "the request for connection receiver goes to https://evil.example.net:443, not to the connection's"
                        + " https://hooks.example.com; a request keeps its connection's scheme, host and port");
    }

    @Test
    void urlWithAnotherSchemeOrPortIsRefused() {
        assertThat(OutboundAddresses.sameOriginProblem(RECEIVER, URI.create("http://hooks.example.com/in"))).isPresent();
        assertThat(OutboundAddresses.sameOriginProblem(RECEIVER, URI.create("https://hooks.example.com:8443/in")))
                .isPresent();
    }

    @Test
    void urlOfTheConnectionsOriginIsAllowedWhateverItsPathAndDefaultPortSpelling() {
        assertThat(OutboundAddresses.sameOriginProblem(RECEIVER, URI.create("https://HOOKS.example.com:443/other")))
                .isEqualTo(Optional.empty());
    }
}
