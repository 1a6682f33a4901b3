package io.twd.testkit;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The real identity provider for tests: the project's Keycloak, started from the build's
 * distribution ({@code identity/}) on free loopback ports, with the project's realm {@code twd}
 * plus what tests need besides the demo users:
 * <ul>
 *   <li>{@value #CUSTOMER_POOL} fresh customers {@code customer-01} … (see {@link #newCustomer()}),
 *       each with the e-mail {@code <name>@example.com}, so a test can own orders nobody else has;</li>
 *   <li>{@value #NO_ROLE}, a user with no role at all, and {@value #UNVERIFIED}, a customer whose
 *       e-mail address is not verified;</li>
 *   <li>client {@value #SHORT_LIVED_CLIENT}, whose access tokens expire after
 *       {@value #SHORT_LIVED_SECONDS} s, and client {@value #FOREIGN_AUDIENCE_CLIENT}, whose tokens
 *       are not for the API's audience;</li>
 *   <li>realm {@value #FOREIGN_REALM}: the same users and clients, another issuer and signing key;</li>
 *   <li>the web front end's client {@value #WEB_CLIENT} also signs in through a test gateway on
 *       {@link #webPort()} (its redirect URIs and web origins), besides the local run's 8088.</li>
 * </ul>
 * Every user's password is {@code <name>-pass} (the demo users' too, as the README says).
 * Access tokens come from the direct-access grant of client {@code twd-cli}, cached until shortly
 * before they expire, so tests measure the services, not Keycloak. The order service's own token
 * (client {@value #ORDER_CLIENT}, client-credentials grant, role {@code order-service}) is there
 * for tests that call delivery's internal API as the order service does ({@link #serviceAuthorization()}).
 * This class runs the process and answers for it; the realms it imports are {@link TestRealm}'s, the
 * token cache is {@link Tokens}, and who plays which part in the story is {@link UsualCallers}.
 */
public final class IdentityProvider implements AutoCloseable {

    /** The realm the services trust. */
    public static final String REALM = "twd";
    /** A realm the services do not trust (another issuer, another key). */
    public static final String FOREIGN_REALM = "elsewhere";
    /** The API's audience ({@code aud}) the services require. */
    public static final String AUDIENCE = "twd-api";
    /** The direct-access client of scripts and tests. */
    public static final String CLI_CLIENT = "twd-cli";
    /** The web front end's public client (authorization code with PKCE). */
    public static final String WEB_CLIENT = "twd-web";
    /** The order service's confidential client (client-credentials grant; role {@code order-service}). */
    public static final String ORDER_CLIENT = "twd-order";
    /** A client whose tokens expire after {@value #SHORT_LIVED_SECONDS} s. */
    public static final String SHORT_LIVED_CLIENT = "twd-test-short";
    /** Lifetime of the short-lived client's tokens, in seconds. */
    public static final int SHORT_LIVED_SECONDS = 2;
    /** A client whose tokens carry no {@value #AUDIENCE} audience. */
    public static final String FOREIGN_AUDIENCE_CLIENT = "twd-test-other-audience";
    /** The customer who places the orders of tests that name none. */
    public static final String DEFAULT_CUSTOMER = "kim";
    /** The demo manager. */
    public static final String MANAGER = "manager";
    /** The demo staff member. */
    public static final String STAFF = "staff";
    /** A user with no role. */
    public static final String NO_ROLE = "norole";
    /** A customer whose e-mail address the provider has not verified ({@code email_verified} false). */
    public static final String UNVERIFIED = "unverified";
    /** How many fresh customers {@link #newCustomer()} can hand out. */
    public static final int CUSTOMER_POOL = 120;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private final Path dir;
    private final int httpPort;
    private final int managementPort;
    private final int webPort;
    private final ManagedProcess process;
    private final Tokens tokens;
    private volatile String orderClientSecret;
    private final AtomicInteger customersHandedOut = new AtomicInteger();

    /**
     * A provider on two free loopback ports (HTTP, management), not started.
     *
     * @param dir its working folder: Keycloak's files, database and log
     */
    public IdentityProvider(Path dir) {
        this.dir = dir;
        this.httpPort = Ports.free();
        this.managementPort = Ports.free();
        this.webPort = Ports.free();
        this.tokens = new Tokens("http://127.0.0.1:" + httpPort + "/realms/");
        Path home = dir.resolve("keycloak");
        this.process = new ManagedProcess("keycloak", List.of("bash", home.resolve("bin/kc.sh").toString(),
                "start", "--optimized", "--http-enabled=true", "--http-host=127.0.0.1",
                "--http-port=" + httpPort, "--http-management-port=" + managementPort,
                "--hostname=http://localhost:" + httpPort, "--import-realm", "--cache=local", ALLOW_CONCURRENT_LOGINS,
                "--db-url=jdbc:h2:file:" + dir.resolve("h2/keycloakdb") + ";NON_KEYWORDS=VALUE"),
                Map.of("JAVA_OPTS", JAVA_OPTS, "MALLOC_ARENA_MAX", "2"), dir, dir.resolve("keycloak.log"));
    }

    /**
     * Keycloak's option that lets one user sign in several times at once while brute-force
     * protection is on (./twd and the cluster set it too).
     */
    public static final String ALLOW_CONCURRENT_LOGINS =
            "--spi-brute-force-protector--default-brute-force-detector--allow-concurrent-requests=true";

    /** How long the test realm locks an account after too many wrong passwords, in seconds (the project's realm: up to 5 minutes). */
    public static final int TEST_LOCKOUT_SECONDS = 3;

    /** JVM options: kc.sh's own, with a small heap and the serial collector (~300 MB RSS). */
    public static final String JAVA_OPTS = "-XX:+UseSerialGC -Xms16m -Xmx160m -Xss512k -XX:TieredStopAtLevel=1"
            + " -XX:ReservedCodeCacheSize=48m -XX:MaxDirectMemorySize=32m -Djava.net.preferIPv4Stack=true"
            + " -Dfile.encoding=UTF-8 -Djava.security.egd=file:/dev/urandom";

    /**
     * Lays out a Keycloak of its own in the working folder, the first time (the build's
     * distribution, hard-linked, with the test realms to import), and starts it, without waiting
     * for it to be ready.
     *
     * @throws UncheckedIOException if the folder cannot be prepared
     */
    public synchronized void launch() {
        if (!Files.isDirectory(dir.resolve("keycloak"))) {
            prepare();
        }
        process.start();
    }

    private void prepare() {
        Path source = TestEnvironment.keycloakHome();
        Path home = dir.resolve("keycloak");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = home.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else if (!source.relativize(file).startsWith("data")) {
                    Files.createLink(target, file);
                }
            }
            Path imports = Files.createDirectories(home.resolve("data/import"));
            JsonObject realm = TestRealm.read(Files.readString(TestEnvironment.realmFile()));
            Files.writeString(imports.resolve("twd-realm.json"), TestRealm.of(realm, REALM, webPort).toString());
            Files.writeString(imports.resolve("elsewhere-realm.json"), TestRealm.of(realm, FOREIGN_REALM, webPort).toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lay out Keycloak in " + dir, e);
        }
    }

    /**
     * The {@code Authorization} a request usually carries in the tests: the usual user's
     * ({@link UsualCallers#user}), or, on delivery's internal API ({@code /deliveries/requests...}), the
     * order service's own ({@link #serviceAuthorization()}), as the order service calls it.
     *
     * @param method the HTTP method, e.g. {@code POST}
     * @param path   the request path, e.g. {@code /deliveries/requests/12/cancel}
     * @return {@code Bearer <token>}
     */
    public String usualAuthorization(String method, String path) {
        return UsualCallers.isInternal(path) ? serviceAuthorization()
                : authorization(UsualCallers.user(method, path));
    }

    /**
     * @param user a user name of the test realm
     * @return its password
     */
    public static String password(String user) {
        return user + "-pass";
    }

    /**
     * Waits until Keycloak answers on its health endpoint and the realm's keys are published.
     *
     * @param timeout how long to wait
     * @throws IllegalStateException with the end of its log, if not ready in time or if it died
     */
    public void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!isReady()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited:\n" + ManagedProcess.tailOf(dir.resolve("keycloak.log"), 60));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Keycloak not ready after " + timeout + ":\n"
                        + ManagedProcess.tailOf(dir.resolve("keycloak.log"), 60));
            }
            Ports.sleep(250);
        }
    }

    private boolean isReady() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(jwksUrl())).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** @return the issuer ({@code iss}) of the trusted realm's tokens, {@code http://localhost:<port>/realms/twd} */
    public String issuer() {
        return issuer(REALM);
    }

    private String issuer(String realm) {
        return "http://localhost:" + httpPort + "/realms/" + realm;
    }

    /** @return where the trusted realm publishes its signing keys (JWKS) */
    public String jwksUrl() {
        return "http://127.0.0.1:" + httpPort + "/realms/" + REALM + "/protocol/openid-connect/certs";
    }

    /**
     * @return the port a test gateway serving the web front end listens on: the test realm lets
     *     client {@value #WEB_CLIENT} sign in from {@code http://127.0.0.1:<port>} (and localhost)
     */
    public int webPort() {
        return webPort;
    }

    /** @return the provider's base URL, {@code http://localhost:<port>} */
    public String baseUrl() {
        return "http://localhost:" + httpPort;
    }

    /** The clock skew the servers tolerate in tests, so that an expired token is refused within seconds. */
    public static final String TEST_CLOCK_SKEW = "1s";

    /** @return the trusted realm's token endpoint, on the loopback address */
    public String tokenUrl() {
        return "http://127.0.0.1:" + httpPort + "/realms/" + REALM + "/protocol/openid-connect/token";
    }

    /**
     * @return the environment that points a service's server at this provider:
     *     {@code OIDC_ISSUER}, {@code OIDC_JWKS_URL}, {@code OIDC_AUDIENCE}, a clock skew of
     *     {@value #TEST_CLOCK_SKEW} ({@code OIDC_CLOCK_SKEW}; see {@code liberty/jwt.xml}), and the
     *     token endpoint where the order service obtains its own token ({@code ORDER_IDENTITY_TOKEN_URL};
     *     its client secret is the local run's, from {@code liberty/local.xml})
     */
    public Map<String, String> serverEnvironment() {
        return Map.of("OIDC_ISSUER", issuer(), "OIDC_JWKS_URL", jwksUrl(), "OIDC_AUDIENCE", AUDIENCE,
                "OIDC_CLOCK_SKEW", TEST_CLOCK_SKEW, "ORDER_IDENTITY_TOKEN_URL", tokenUrl());
    }

    /**
     * @return the name of a customer no other caller of this method got (password
     *     {@link #password(String)}, e-mail {@code <name>@example.com})
     * @throws IllegalStateException when the pool of {@value #CUSTOMER_POOL} is used up
     */
    public String newCustomer() {
        int n = customersHandedOut.incrementAndGet();
        if (n > CUSTOMER_POOL) {
            throw new IllegalStateException("all " + CUSTOMER_POOL + " test customers are in use");
        }
        return String.format("customer-%02d", n);
    }

    /**
     * @param user a user of the trusted realm
     * @return a valid access token of that user (from cache while it has a minute left)
     */
    public String token(String user) {
        return tokens.user(REALM, CLI_CLIENT, user);
    }

    /**
     * @param user a user of the trusted realm
     * @return {@code Bearer <token>}, the value of an {@code Authorization} header
     */
    public String authorization(String user) {
        return "Bearer " + token(user);
    }

    /**
     * The order service's own token, as the order server obtains it: client-credentials grant of
     * client {@value #ORDER_CLIENT} with the local secret (cached like the users' tokens).
     *
     * @return {@code Bearer <token>}; its {@code groups} hold {@code order-service}
     */
    public String serviceAuthorization() {
        return "Bearer " + tokens.client(REALM, ORDER_CLIENT, orderClientSecret());
    }

    private String orderClientSecret() {
        if (orderClientSecret == null) {
            try {
                orderClientSecret = TestRealm.clientSecret(TestRealm.read(Files.readString(TestEnvironment.realmFile())),
                        ORDER_CLIENT);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return orderClientSecret;
    }

    /**
     * A fresh token from any realm and client of this provider, not cached.
     *
     * @param realm  {@value #REALM} or {@value #FOREIGN_REALM}
     * @param client e.g. {@value #CLI_CLIENT}, {@value #SHORT_LIVED_CLIENT}, {@value #FOREIGN_AUDIENCE_CLIENT}
     * @param user   a user of that realm
     * @return the access token
     */
    public String freshToken(String realm, String client, String user) {
        return tokens.fresh(realm, client, user);
    }

    /** @return true while the Keycloak process runs */
    public boolean isRunning() {
        return process.isAlive();
    }

    /** Stops Keycloak (SIGTERM, then SIGKILL after 30 s). */
    @Override
    public void close() {
        process.terminate(Duration.ofSeconds(30));
    }
}
