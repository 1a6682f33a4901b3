package io.twd.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void portsAreBelowTheEphemeralRangeBindableAndNeverHandedOutTwice() throws IOException {
        int ephemeral = Ports.ephemeralRangeStart();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            int port = Ports.free();
            assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
            if (ephemeral - 20_000 >= 1_000) {
                assertThat(port).isBetween(20_000, ephemeral - 1);
            }
        }
        int port = seen.iterator().next();
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            assertThat(socket.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void aPortSomethingIsBoundToIsNotTakenAsFree() throws IOException {
        try (ServerSocket held = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(Ports.canBind(held.getLocalPort())).isFalse();
        }
        int port = Ports.free();
        assertThat(Ports.canBind(port)).isTrue();
    }
}
