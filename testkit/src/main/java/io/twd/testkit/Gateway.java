package io.twd.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The project's nginx gateway ({@code gateway/nginx.conf.template}) in front of a test system,
 * on a free loopback port, with any number of servers per service. Changing a service's servers
 * rewrites the configuration and reloads nginx gracefully: requests in flight finish on the old
 * workers, new ones go to the new server list (how a rolling restart takes a server out of
 * rotation before stopping it). It also serves the web front end at {@code /} from
 * {@code web/target/dist} (built by {@code ./mvnw install}). Needs {@code nginx} on the PATH (or
 * {@code /usr/sbin}).
 *
 * <p>Its limits per client ({@link Limits}) are {@link Limits#FOR_LOAD} unless a test asks for
 * others: every request of the tests comes from one address, and the drills and the web tests'
 * load would exceed what one person may do. The limits' own tests use {@link Limits#defaults()}.
 */
public final class Gateway implements AutoCloseable {

    /**
     * The gateway's limits per client (gateway/limits.env: environment {@code GATEWAY_WRITE_RATE},
     * {@code GATEWAY_WRITE_BURST}, {@code GATEWAY_STREAMS_PER_CLIENT}).
     *
     * @param writeRate        writes (every method but GET, HEAD, OPTIONS) per second, 1 or more
     * @param writeBurst       writes that may come at once before the rate applies, 0 or more
     * @param streamsPerClient live streams one client may have open, 1 or more
     */
    public record Limits(int writeRate, int writeBurst, int streamsPerClient) {

        /** High enough for any test's load from one address. */
        public static final Limits FOR_LOAD = new Limits(10_000, 10_000, 1_000);

        /** @return the defaults that ./twd and the image use (gateway/limits.env) */
        public static Limits defaults() {
            try {
                Map<String, Integer> values = new LinkedHashMap<>();
                for (String line : Files.readAllLines(TestEnvironment.root().resolve("gateway/limits.env"))) {
                    if (line.matches("[A-Z_]+=[0-9]+")) {
                        values.put(line.substring(0, line.indexOf('=')), Integer.valueOf(line.substring(line.indexOf('=') + 1)));
                    }
                }
                return new Limits(values.get("GATEWAY_WRITE_RATE"), values.get("GATEWAY_WRITE_BURST"),
                        values.get("GATEWAY_STREAMS_PER_CLIENT"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final Path prefix;
    private final int port;
    private final String issuer;
    private final Limits limits;
    private final List<String> trustedProxies = new ArrayList<>();
    private final Map<String, List<Integer>> servers = new LinkedHashMap<>();
    private final ManagedProcess process;

    /**
     * @param prefix  nginx's folder (configuration, logs, temporary files), created if missing
     * @param servers the HTTP ports of each service's servers: shop, order, delivery, message, mypage
     */
    public Gateway(Path prefix, Map<String, List<Integer>> servers) {
        this(prefix, servers, Ports.free(), LOCAL_ISSUER, Limits.FOR_LOAD);
    }

    /**
     * A gateway with the given limits per client.
     *
     * @param prefix  nginx's folder (configuration, logs, temporary files), created if missing
     * @param servers the HTTP ports of each service's servers: shop, order, delivery, message, mypage
     * @param limits  the limits per client, e.g. {@link Limits#defaults()}
     */
    public Gateway(Path prefix, Map<String, List<Integer>> servers, Limits limits) {
        this(prefix, servers, Ports.free(), LOCAL_ISSUER, limits);
    }

    /**
     * A gateway whose web front end signs in with a given identity provider.
     *
     * @param prefix  nginx's folder (configuration, logs, temporary files), created if missing
     * @param servers the HTTP ports of each service's servers: shop, order, delivery, message, mypage
     * @param port    the loopback port to listen on (e.g. {@link IdentityProvider#webPort()}, which
     *                the test realm allows as the web client's redirect URI)
     * @param issuer  the identity provider's issuer, e.g. {@code http://localhost:41234/realms/twd}
     */
    public Gateway(Path prefix, Map<String, List<Integer>> servers, int port, String issuer) {
        this(prefix, servers, port, issuer, Limits.FOR_LOAD);
    }

    private Gateway(Path prefix, Map<String, List<Integer>> servers, int port, String issuer, Limits limits) {
        this.prefix = prefix;
        this.port = port;
        this.issuer = issuer;
        this.limits = limits;
        this.servers.putAll(servers);
        this.process = new ManagedProcess("gateway", List.of(nginx(), "-p", prefix.toString(), "-c",
                conf().toString(), "-g", "daemon off;"), Map.of(), prefix, prefix.resolve("logs/console.log"));
    }

    /**
     * Trusts these addresses as proxies in front of the gateway (as a cluster's ingress controller
     * or router): the client is then who their {@code X-Forwarded-For} says (environment
     * {@code GATEWAY_TRUSTED_PROXIES} of the image). Call before {@link #start()}.
     *
     * @param proxies addresses or CIDRs, e.g. {@code 127.0.0.1}
     * @return this
     */
    public synchronized Gateway trusting(String... proxies) {
        trustedProxies.addAll(List.of(proxies));
        return this;
    }

    /** Writes the configuration and starts nginx; waits until it listens (at most 10 s). */
    public synchronized void start() {
        writeConf();
        process.start();
        Instant deadline = Instant.now().plusSeconds(10);
        while (!Ports.isListening(port)) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("gateway did not start:\n" + process.tail(20)
                        + ManagedProcess.tailOf(prefix.resolve("logs/error.log"), 20));
            }
            Ports.sleep(50);
        }
    }

    /**
     * Routes {@code service} to these servers from now on: rewrites the configuration and
     * reloads nginx (graceful; returns once the reload was signalled, plus 500 ms for the new
     * workers to take over).
     *
     * @param service a service name
     * @param ports   the HTTP ports of its servers, at least one
     */
    public synchronized void route(String service, List<Integer> ports) {
        if (ports.isEmpty()) {
            throw new IllegalArgumentException("a service needs at least one server");
        }
        servers.put(service, List.copyOf(ports));
        writeConf();
        run(List.of(nginx(), "-p", prefix.toString(), "-c", conf().toString(), "-s", "reload"));
        Ports.sleep(500);
    }

    /** @return the gateway's base URL, e.g. {@code http://127.0.0.1:40123} */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Stops nginx (SIGTERM: fast shutdown). */
    @Override
    public synchronized void close() {
        process.terminate(Duration.ofSeconds(10));
    }

    /**
     * @return the users the gateway's worker processes run as (the master runs as whoever started
     *     it; started as root, the workers drop to {@code nobody}); empty if it does not run
     */
    public synchronized List<String> workerUsers() {
        if (!process.isAlive()) {
            return List.of();
        }
        return ProcessHandle.of(process.pid()).stream().flatMap(ProcessHandle::children)
                .map(worker -> worker.info().user().orElse("?")).toList();
    }

    /** The issuer of the local run's identity provider ({@code ./twd up}). */
    static final String LOCAL_ISSUER = "http://localhost:8180/realms/twd";

    /** The user and group nginx's workers run as when the gateway is started by root. */
    static final String UNPRIVILEGED = "nobody nogroup";

    private Path conf() {
        return prefix.resolve("nginx.conf");
    }

    /**
     * Writes the configuration with gateway/render.sh, the renderer the image and ./twd use: on
     * loopback, logs in the prefix's logs folder, the workers unprivileged when started by root.
     */
    private void writeConf() {
        Path root = TestEnvironment.root();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("GATEWAY_PREFIX", prefix.toString());
        env.put("GATEWAY_TEMPLATE", root.resolve("gateway/nginx.conf.template").toString());
        env.put("GATEWAY_LIMITS", root.resolve("gateway/limits.env").toString());
        env.put("GATEWAY_PORT", String.valueOf(port));
        env.put("GATEWAY_LISTEN_HOST", "127.0.0.1");
        env.put("GATEWAY_LOGS", "files");
        env.put("GATEWAY_USER", "root".equals(System.getProperty("user.name")) ? UNPRIVILEGED : "");
        env.put("GATEWAY_SERVICE_HOSTS", "");
        env.put("GATEWAY_TRUSTED_PROXIES", String.join(" ", trustedProxies));
        env.put("GATEWAY_WRITE_RATE", String.valueOf(limits.writeRate()));
        env.put("GATEWAY_WRITE_BURST", String.valueOf(limits.writeBurst()));
        env.put("GATEWAY_STREAMS_PER_CLIENT", String.valueOf(limits.streamsPerClient()));
        env.put("WEB_ROOT", root.resolve("web/target/dist").toString());
        env.put("OIDC_ISSUER", issuer);
        for (Map.Entry<String, List<Integer>> service : servers.entrySet()) {
            StringBuilder list = new StringBuilder();
            for (int p : service.getValue()) {
                list.append("server 127.0.0.1:").append(p).append("; ");
            }
            env.put(service.getKey().toUpperCase() + "_SERVERS", list.toString());
        }
        run(List.of("sh", root.resolve("gateway/render.sh").toString()), env);
    }

    private static String nginx() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "nginx"))) {
                return Path.of(dir, "nginx").toString();
            }
        }
        return "/usr/sbin/nginx";
    }

    private static void run(List<String> command) {
        run(command, Map.of());
    }

    private static void run(List<String> command, Map<String, String> environment) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(environment);
            Process p = builder.start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
