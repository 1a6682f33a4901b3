package io.twd.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole system for system tests: one broker and any of the five service servers, each on
 * a free loopback port, with every server told where the broker and the other services are
 * (environment {@code BROKER_PORT}, {@code SHOP_URL}, {@code ORDER_URL}, {@code DELIVERY_URL},
 * {@code MESSAGE_URL}, {@code MYPAGE_URL}) and that it trusts the tokens of one
 * {@link IdentityProvider} ({@code OIDC_ISSUER}, {@code OIDC_JWKS_URL}) and sends its traces
 * to one {@link TraceStore} (Zipkin; {@code OTEL_*}). The tests' load needs no limit on a
 * customer's active orders: every server gets {@value #ACTIVE_ORDERS_MAX}={@value #UNLIMITED_ACTIVE_ORDERS}
 * unless a test sets it ({@link #withEnvironment}) or leaves it out ({@link #restartWithout}).
 *
 * <p>The servers use their embedded Derby databases, unless the system property
 * {@code twd.it.db} is {@code postgresql}: then one {@link PostgresServer} with a database per
 * service is started with the first server, and every server gets {@code DB_KIND=postgresql},
 * {@code DB_HOST}, {@code DB_PORT}, {@code DB_USER} and {@code DB_PASSWORD} ({@code DB_NAME}
 * defaults to the service name).
 *
 * <p>One instance is shared by all test classes of a test run ({@link TwdSystemExtension});
 * it is stopped when the run ends. Tests start what they need with {@link #start(String...)}
 * (already running servers are kept) and may kill, freeze or restart parts of it.
 */
public final class TwdSystem implements ExtensionContext.Store.CloseableResource {

    /** The services, in the order they are usually started. */
    public static final List<String> SERVICES = List.of("shop", "order", "delivery", "message", "mypage");

    /** The order service's limit of active orders per customer (environment; default 3). */
    public static final String ACTIVE_ORDERS_MAX = "ORDER_ACTIVE_ORDERS_MAX";

    /** The limit the shared system sets: high enough for any test's load. */
    public static final String UNLIMITED_ACTIVE_ORDERS = "1000000";

    /** How long a server may take to become ready (2 cores, several servers at once). */
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(240);

    private final Path workDir;
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<String, LibertyServer> servers = new HashMap<>();
    private final Map<String, String> environment = new HashMap<>();
    private final int brokerPort;
    private final IdentityProvider identity;
    private final TraceStore traces;
    private Broker broker;
    private PostgresServer postgres;

    /**
     * @param workDir folder for the broker instance and the servers' output (wiped first)
     */
    public TwdSystem(Path workDir) {
        this.workDir = workDir;
        Broker.deleteRecursively(workDir);
        this.brokerPort = Ports.free();
        this.identity = new IdentityProvider(workDir.resolve("identity"));
        this.traces = new TraceStore(workDir.resolve("zipkin"));
        for (String service : SERVICES) {
            ports.put(service, Ports.free());
        }
    }

    /**
     * Sets an environment variable for servers started from now on, e.g. {@code SMTP_PORT}.
     *
     * @param name  the variable's name
     * @param value its value
     * @return this
     */
    public synchronized TwdSystem withEnvironment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /**
     * Starts the broker (if not running) and the given services that are not running, in
     * parallel, and waits until all are ready.
     *
     * @param services service names from {@link #SERVICES}
     * @return this
     * @throws IllegalStateException if something does not become ready in time
     */
    public synchronized TwdSystem start(String... services) {
        if (!identity.isRunning()) {
            identity.launch();
        }
        if (!traces.isRunning()) {
            traces.launch();
        }
        if (broker == null) {
            broker = Broker.start(workDir.resolve("broker"), brokerPort);
        } else if (!broker.isRunning()) {
            broker.start();
        }
        List<LibertyServer> starting = new ArrayList<>();
        for (String service : services) {
            LibertyServer server = server(service);
            if (!server.isRunning()) {
                server.launch();
                starting.add(server);
            }
        }
        CompletableFuture.allOf(starting.stream()
                .map(s -> CompletableFuture.runAsync(() -> s.awaitReady(READY_TIMEOUT)))
                .toArray(CompletableFuture[]::new)).join();
        identity.awaitReady(READY_TIMEOUT);
        traces.awaitReady(READY_TIMEOUT);
        return this;
    }

    /** @return the trace store every server sends its spans to; {@link #start(String...)} starts it */
    public TraceStore traces() {
        return traces;
    }

    /**
     * Stops a server and starts it again with extra environment variables on top of the
     * system's, e.g. a shorter timer for one test. Called with an empty map, it goes back to the
     * system's own.
     *
     * @param service a service name
     * @param extra   variables to add or override, e.g. {@code DELIVERY_REQUEST_TTL_SECONDS}
     * @return this
     * @throws IllegalStateException if the server does not become ready in time
     */
    public synchronized TwdSystem restartWith(String service, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(serverEnvironment());
        env.putAll(extra);
        return restart(service, env);
    }

    /**
     * Stops a server and starts it again without some of the system's environment variables, so
     * that it runs with its own defaults for them (e.g. {@value #ACTIVE_ORDERS_MAX}, which the
     * system sets to {@value #UNLIMITED_ACTIVE_ORDERS}). {@link #restartWith} with an empty map
     * goes back to the system's own.
     *
     * @param service   a service name
     * @param variables the variables to leave out
     * @return this
     * @throws IllegalStateException if the server does not become ready in time
     */
    public synchronized TwdSystem restartWithout(String service, String... variables) {
        Map<String, String> env = new HashMap<>(serverEnvironment());
        for (String variable : variables) {
            env.remove(variable);
        }
        return restart(service, env);
    }

    private TwdSystem restart(String service, Map<String, String> env) {
        LibertyServer old = server(service);
        if (old.isRunning()) {
            old.stop();
        }
        servers.put(service, new LibertyServer(service, ports.get(service), workDir.resolve("servers"), env));
        return start(service);
    }

    /** @return the identity provider every server trusts; {@link #start(String...)} starts it */
    public IdentityProvider identity() {
        return identity;
    }

    /**
     * @param service a service name
     * @return its server (created on first use, not necessarily running)
     */
    public synchronized LibertyServer server(String service) {
        if (!ports.containsKey(service)) {
            throw new IllegalArgumentException("unknown service " + service);
        }
        return servers.computeIfAbsent(service, s -> new LibertyServer(s, ports.get(s), workDir.resolve("servers"),
                serverEnvironment()));
    }

    /**
     * A second server of a service (a replica) on its own port and output folder, sharing the
     * broker and, on PostgreSQL, the service's database (on Derby, each server has its own):
     * use it for consumer replicas or rolling restarts.
     *
     * @param service a service name
     * @param replica the replica's number, 2 or more
     * @return a new server, not started
     */
    public synchronized LibertyServer replica(String service, int replica) {
        Map<String, String> env = new HashMap<>(serverEnvironment());
        env.put("MYPAGE_READ_CACHE_SIZE", "0"); // replicas as on the cluster: each applies a share of the events
        return new LibertyServer(service, Ports.free(), workDir.resolve("servers-" + replica), env);
    }

    /** @return the broker; {@link #start(String...)} must have run */
    public synchronized Broker broker() {
        if (broker == null) {
            throw new IllegalStateException("start the system first");
        }
        return broker;
    }

    /**
     * @param service a service name
     * @return the base URL of its (first) server, e.g. {@code http://127.0.0.1:40123}
     */
    public String url(String service) {
        return "http://127.0.0.1:" + ports.get(service);
    }

    /**
     * @return the PostgreSQL server holding the services' databases, once a server was started on
     *     it (the system property {@code twd.it.db} is {@code postgresql}); empty on Derby
     */
    public synchronized java.util.Optional<PostgresServer> postgres() {
        return java.util.Optional.ofNullable(postgres);
    }

    /**
     * @return true if the servers run on PostgreSQL: system property {@code twd.it.db} is
     *     {@code postgresql} (otherwise they use embedded Derby)
     */
    public static boolean onPostgresql() {
        return "postgresql".equalsIgnoreCase(System.getProperty("twd.it.db", "derby"));
    }

    private Map<String, String> serverEnvironment() {
        Map<String, String> env = new HashMap<>(environment);
        if (onPostgresql()) {
            if (postgres == null) {
                postgres = PostgresServer.start(workDir.resolve("postgres"), SERVICES);
            }
            env.put("DB_KIND", "postgresql");
            env.put("DB_HOST", postgres.host());
            env.put("DB_PORT", Integer.toString(postgres.port()));
            env.put("DB_USER", PostgresServer.USER);
            env.put("DB_PASSWORD", PostgresServer.PASSWORD);
        }
        env.putAll(identity.serverEnvironment());
        env.putAll(traces.serverEnvironment());
        // live streams: a gone client is found within a second (production: 15 s)
        env.putIfAbsent("MYPAGE_SSE_HEARTBEAT_SECONDS", "1");
        // the tests and drills place many orders as the same few customers: no limit on active
        // orders unless a test restarts the order server without this (restartWithout)
        env.putIfAbsent(ACTIVE_ORDERS_MAX, UNLIMITED_ACTIVE_ORDERS);
        env.put("BROKER_PORT", Integer.toString(brokerPort));
        ports.forEach((service, port) -> env.put(service.toUpperCase(Locale.ROOT) + "_URL", "http://127.0.0.1:" + port));
        return env;
    }

    /** Stops every server, the broker, the identity provider and PostgreSQL (if it was started). */
    @Override
    public synchronized void close() {
        servers.values().parallelStream().forEach(LibertyServer::stop);
        identity.close();
        traces.close();
        if (broker != null) {
            broker.stop();
        }
        if (postgres != null) {
            postgres.stop();
        }
    }
}
