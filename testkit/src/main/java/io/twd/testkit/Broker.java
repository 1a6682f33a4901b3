package io.twd.testkit;

import jakarta.jms.ConnectionFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * The project's Artemis broker as a real process: an instance created from the unpacked
 * distribution with the project's {@code broker.xml}, listening on a free loopback port.
 * Its journal lives in the instance folder, so a restart after {@link #kill()} recovers it.
 */
public final class Broker implements AutoCloseable {

    /** The operator's user and password, as {@code ./twd} creates them (role {@code amq}: everything). */
    public static final String USER = "twd";
    /** @see #USER */
    public static final String PASSWORD = "twd";

    /** The files of {@code broker/etc} an instance is configured with: addresses, security, users, roles. */
    static final List<String> CONFIGURATION = List.of("broker.xml", "artemis-users.properties",
            "artemis-roles.properties");

    private final Path instance;
    private final int port;
    private final int metricsPort;
    private final ManagedProcess process;

    private Broker(Path instance, int port) {
        this.instance = instance;
        this.port = port;
        String javaArgs = "-Xms32m -Xmx192m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Dtwd.broker.port=" + port
                + " --add-opens java.base/jdk.internal.misc=ALL-UNNAMED";
        // the broker's queue metrics, as ./twd and the cluster serve them (broker/etc/jmx-exporter.yml)
        Path agent = TestEnvironment.root().resolve("broker/target/jmx-exporter/jmx_prometheus_javaagent.jar");
        if (Files.isRegularFile(agent)) {
            metricsPort = Ports.free();
            javaArgs += " -javaagent:" + agent + "=127.0.0.1:" + metricsPort + ":"
                    + TestEnvironment.brokerConfig().resolve("jmx-exporter.yml");
        } else {
            metricsPort = -1;
        }
        this.process = new ManagedProcess("broker", List.of("bash", instance.resolve("bin/artemis").toString(), "run"),
                Map.of("JAVA_ARGS", javaArgs), instance, instance.resolve("log/console.log"));
    }

    /**
     * Creates a fresh broker instance in {@code dir} (deleting what was there) and starts it.
     *
     * @param dir  the instance folder
     * @param port the loopback port to listen on
     * @return the running broker, accepting connections
     * @throws IllegalStateException if it does not start within 60 s
     */
    public static Broker start(Path dir, int port) {
        create(dir);
        Broker broker = new Broker(dir, port);
        broker.start();
        return broker;
    }

    private static void create(Path dir) {
        deleteRecursively(dir);
        Path artemis = TestEnvironment.artemisHome().resolve("bin/artemis");
        run(List.of("bash", artemis.toString(), "create", "--silent", "--no-web", "--require-login",
                "--user", USER, "--password", PASSWORD, "--nio", "--host", "127.0.0.1",
                "--no-amqp-acceptor", "--no-mqtt-acceptor", "--no-stomp-acceptor", "--no-hornetq-acceptor",
                dir.toString()));
        try {
            for (String file : CONFIGURATION) {
                Files.copy(TestEnvironment.brokerConfig().resolve(file), dir.resolve("etc").resolve(file),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the broker (again) and waits until it accepts connections. */
    public void start() {
        process.start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!Ports.isListening(port)) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("broker did not start:\n" + process.tail(40));
            }
            Ports.sleep(100);
        }
    }

    /** Kills the broker at once (SIGKILL); its journal stays for the next {@link #start()}. */
    public void kill() {
        process.kill();
        Ports.awaitClosed(port, Duration.ofSeconds(10));
    }

    /**
     * Freezes the broker (SIGSTOP): its connections stay open, but it answers nothing, as a broker
     * does that hangs or sits behind a partitioned network. {@link #thaw()} lets it go on.
     */
    public void freeze() {
        process.freeze();
    }

    /** Thaws a frozen broker (SIGCONT): it answers again, on the connections it had. */
    public void thaw() {
        process.thaw();
    }

    /** Stops the broker gracefully (SIGTERM), killing it after 30 s. */
    public void stop() {
        process.terminate(Duration.ofSeconds(30));
        Ports.awaitClosed(port, Duration.ofSeconds(10));
    }

    /** @return the port the broker listens on, on 127.0.0.1 */
    public int port() {
        return port;
    }

    /**
     * @return the URL of the broker's Prometheus metrics (the JMX exporter agent,
     *     {@code broker/etc/jmx-exporter.yml}), e.g. {@code http://127.0.0.1:40125/metrics}
     * @throws IllegalStateException if the build did not fetch the agent (broker/target/jmx-exporter)
     */
    public String metricsUrl() {
        if (metricsPort < 0) {
            throw new IllegalStateException("no JMX exporter agent under broker/target/jmx-exporter: run ./mvnw package");
        }
        return "http://127.0.0.1:" + metricsPort + "/metrics";
    }

    /** @return the instance folder */
    public Path instance() {
        return instance;
    }

    /** @return true while the broker process runs */
    public boolean isRunning() {
        return process.isAlive();
    }

    /**
     * @return a plain JMS connection factory for this broker (not pooled; close what you create).
     *     Credentials are set; connections fail fast while the broker is down.
     */
    public ConnectionFactory connectionFactory() {
        return connectionFactory(USER, PASSWORD);
    }

    /**
     * @param user     a broker user ({@code broker/etc/artemis-users.properties}), e.g. a
     *                 service's own ({@code "shop"}, password {@code "shop-local"})
     * @param password its password
     * @return a plain JMS connection factory for this broker that logs in as that user (not
     *     pooled; close what you create); connections fail fast while the broker is down
     */
    public ConnectionFactory connectionFactory(String user, String password) {
        return new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port
                + "?reconnectAttempts=0&initialConnectAttempts=3&retryInterval=200", user, password);
    }

    @Override
    public void close() {
        stop();
    }

    private static void run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("failed: " + command + "\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
