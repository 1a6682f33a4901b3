package io.twd.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/** Free TCP ports on the loopback interface, so tests never collide with a running system. */
public final class Ports {

    /** The lowest port handed out: above the registered ports most local tools listen on. */
    private static final int LOWEST = 20_000;

    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private static final Random RANDOM = new Random();

    /** The first port of the kernel's ephemeral range, read once. */
    private static final int EPHEMERAL_START = ephemeralRangeStart();

    private Ports() {
    }

    /**
     * A loopback port that is free now and stays free while the server the tests run on it is
     * stopped and started again (a restart drill, a server that a test class stops and a later
     * one starts). It is taken below the kernel's ephemeral range
     * ({@code /proc/sys/net/ipv4/ip_local_port_range}, 32768-60999 by default): a port in that
     * range may be handed meanwhile to any outgoing connection as its local port (a connection
     * pool to PostgreSQL opens dozens), and the server's listener then cannot bind it again.
     * Where that range leaves too little room below it, any free port is taken.
     *
     * @return a port that was free a moment ago and that this JVM has not handed out before
     * @throws IllegalStateException if no such port is found
     * @throws UncheckedIOException  if no port at all can be bound
     */
    public static synchronized int free() {
        if (EPHEMERAL_START - LOWEST >= 1_000) {
            for (int attempt = 0; attempt < 200; attempt++) {
                int port = LOWEST + RANDOM.nextInt(EPHEMERAL_START - LOWEST);
                if (!HANDED_OUT.contains(port) && canBind(port)) {
                    HANDED_OUT.add(port);
                    return port;
                }
            }
        }
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = socket.getLocalPort();
                if (HANDED_OUT.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no free port found");
    }

    /** @return the first port of the kernel's ephemeral range, 32768 where it cannot be read */
    static int ephemeralRangeStart() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }

    /**
     * @param port a loopback TCP port
     * @return true if a listener could be bound to it right now (nothing else is bound to it)
     */
    static boolean canBind(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * @param port a loopback TCP port
     * @return true if something accepts connections on it
     */
    public static boolean isListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Waits until nothing listens on the port any more.
     *
     * @param port    a loopback TCP port
     * @param timeout how long to wait at most
     * @return true if the port was closed in time
     */
    public static boolean awaitClosed(int port, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!isListening(port)) {
                return true;
            }
            sleep(100);
        }
        return false;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
