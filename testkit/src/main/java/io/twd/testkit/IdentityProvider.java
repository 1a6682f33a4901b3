package io.twd.testkit;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
    private final Map<String, CachedToken> tokens = new ConcurrentHashMap<>();
    private volatile String orderClientSecret;
    private final AtomicInteger customersHandedOut = new AtomicInteger();

    private record CachedToken(String token, Instant renewAfter) {
    }

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
            JsonObject realm = readJson(Files.readString(TestEnvironment.realmFile()));
            Files.writeString(imports.resolve("twd-realm.json"), testRealm(realm, REALM, webPort).toString());
            Files.writeString(imports.resolve("elsewhere-realm.json"), testRealm(realm, FOREIGN_REALM, webPort).toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lay out Keycloak in " + dir, e);
        }
    }

    /**
     * The project's realm, renamed, with the test users and clients added.
     *
     * @param realm   the project's realm ({@code identity/realm/twd-realm.json})
     * @param name    the test realm's name
     * @param webPort the port of the test gateway that serves the web front end
     * @return the realm to import
     */
    static JsonObject testRealm(JsonObject realm, String name, int webPort) {
        JsonArrayBuilder users = Json.createArrayBuilder();
        for (JsonValue user : realm.getJsonArray("users")) {
            users.add(user);
        }
        for (int i = 1; i <= CUSTOMER_POOL; i++) {
            users.add(user(String.format("customer-%02d", i), "customer"));
        }
        users.add(user(NO_ROLE, null));
        users.add(user(UNVERIFIED, "customer").add("emailVerified", false));
        JsonArrayBuilder clients = Json.createArrayBuilder();
        JsonObject cli = null;
        for (JsonValue client : realm.getJsonArray("clients")) {
            clients.add(WEB_CLIENT.equals(client.asJsonObject().getString("clientId"))
                    ? withWebOrigin(client.asJsonObject(), webPort) : client);
            if (CLI_CLIENT.equals(client.asJsonObject().getString("clientId"))) {
                cli = client.asJsonObject();
            }
        }
        if (cli == null) {
            throw new IllegalStateException("the realm has no client " + CLI_CLIENT);
        }
        clients.add(Json.createObjectBuilder(cli).add("clientId", SHORT_LIVED_CLIENT)
                .add("attributes", Json.createObjectBuilder().add("access.token.lifespan",
                        String.valueOf(SHORT_LIVED_SECONDS))));
        clients.add(Json.createObjectBuilder(cli).add("clientId", FOREIGN_AUDIENCE_CLIENT)
                .add("protocolMappers", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("name", "audience elsewhere").add("protocol", "openid-connect")
                        .add("protocolMapper", "oidc-audience-mapper")
                        .add("config", Json.createObjectBuilder().add("included.custom.audience", "another-api")
                                .add("access.token.claim", "true").add("id.token.claim", "false")))));
        // Long-lived tokens keep the cache useful over a long test run; one hash iteration keeps
        // importing and signing in the pool's users cheap (test passwords guard nothing). The
        // project's brute-force protection stays on, with lockouts short enough to see one end.
        return Json.createObjectBuilder(realm).add("realm", name).add("accessTokenLifespan", 3600)
                .add("passwordPolicy", "hashAlgorithm(pbkdf2-sha256) and hashIterations(1)")
                .add("waitIncrementSeconds", TEST_LOCKOUT_SECONDS).add("maxFailureWaitSeconds", TEST_LOCKOUT_SECONDS)
                .add("minimumQuickLoginWaitSeconds", TEST_LOCKOUT_SECONDS)
                .add("users", users).add("clients", clients).build();
    }

    /** The web client, also allowed to redirect to and be called from a test gateway on {@code port}. */
    private static JsonObject withWebOrigin(JsonObject client, int port) {
        JsonArrayBuilder redirects = Json.createArrayBuilder(client.getJsonArray("redirectUris"));
        JsonArrayBuilder origins = Json.createArrayBuilder(client.getJsonArray("webOrigins"));
        StringBuilder logout = new StringBuilder(client.getJsonObject("attributes").getString("post.logout.redirect.uris", ""));
        for (String host : List.of("127.0.0.1", "localhost")) {
            String origin = "http://" + host + ":" + port;
            redirects.add(origin + "/");
            origins.add(origin);
            logout.append(logout.isEmpty() ? "" : "##").append(origin).append("/");
        }
        return Json.createObjectBuilder(client).add("redirectUris", redirects).add("webOrigins", origins)
                .add("attributes", Json.createObjectBuilder(client.getJsonObject("attributes"))
                        .add("post.logout.redirect.uris", logout.toString())).build();
    }

    private static JsonObjectBuilder user(String name, String role) {
        JsonObjectBuilder user = Json.createObjectBuilder().add("username", name).add("enabled", true)
                .add("email", name + "@example.com").add("emailVerified", true)
                .add("firstName", name).add("lastName", "Test")
                .add("credentials", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("type", "password").add("value", password(name)).add("temporary", false)));
        if (role != null) {
            user.add("realmRoles", Json.createArrayBuilder().add(role));
        }
        return user;
    }

    /**
     * @param realm  a realm export
     * @param client a confidential client's id
     * @return its secret in that realm (the local run's, which liberty/local.xml also holds)
     * @throws IllegalStateException if the realm has no such client with a secret
     */
    static String clientSecret(JsonObject realm, String client) {
        return realm.getJsonArray("clients").stream().map(JsonValue::asJsonObject)
                .filter(c -> client.equals(c.getString("clientId")) && c.containsKey("secret"))
                .map(c -> c.getString("secret")).findFirst()
                .orElseThrow(() -> new IllegalStateException("the realm has no client " + client + " with a secret"));
    }

    /**
     * The {@code Authorization} a request usually carries in the tests: the usual user's
     * ({@link #usualUser}), or, on delivery's internal API ({@code /deliveries/requests...}), the
     * order service's own ({@link #serviceAuthorization()}), as the order service calls it.
     *
     * @param method the HTTP method, e.g. {@code POST}
     * @param path   the request path, e.g. {@code /deliveries/requests/12/cancel}
     * @return {@code Bearer <token>}
     */
    public String usualAuthorization(String method, String path) {
        return path.startsWith("/deliveries/requests") ? serviceAuthorization()
                : authorization(usualUser(method, path));
    }

    /**
     * Who usually sends a request in the spec's story, for tests and drills that do not sign in
     * as somebody in particular: a manager registers phones, the customer {@value #DEFAULT_CUSTOMER}
     * places and cancels orders, staff ship and read everything (including the order service's
     * internal calls to delivery, which carry the order service's own token: see
     * {@link #usualAuthorization}).
     *
     * @param method the HTTP method, e.g. {@code POST}
     * @param path   the request path, e.g. {@code /orders/12/cancel}
     * @return the user name to sign in as
     */
    public static String usualUser(String method, String path) {
        String p = path.replaceAll("/+$", "");
        if ("POST".equalsIgnoreCase(method) && p.equals("/shops")) {
            return MANAGER;
        }
        if (("POST".equalsIgnoreCase(method) && p.matches("/orders(/[0-9]+/cancel)?"))
                || ("DELETE".equalsIgnoreCase(method) && p.matches("/orders/[0-9]+"))) {
            return DEFAULT_CUSTOMER;
        }
        return STAFF;
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
        CachedToken cached = tokens.get(user);
        if (cached != null && Instant.now().isBefore(cached.renewAfter())) {
            return cached.token();
        }
        JsonObject answer = grant(REALM, CLI_CLIENT, user);
        Instant renewAfter = Instant.now().plusSeconds(Math.max(0, answer.getInt("expires_in") - 60));
        String token = answer.getString("access_token");
        tokens.put(user, new CachedToken(token, renewAfter));
        return token;
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
        String key = "client " + ORDER_CLIENT;
        CachedToken cached = tokens.get(key);
        if (cached == null || !Instant.now().isBefore(cached.renewAfter())) {
            JsonObject answer = post(REALM, "grant_type=client_credentials&client_id=" + enc(ORDER_CLIENT)
                    + "&client_secret=" + enc(orderClientSecret()), ORDER_CLIENT);
            cached = new CachedToken(answer.getString("access_token"),
                    Instant.now().plusSeconds(Math.max(0, answer.getInt("expires_in") - 60)));
            tokens.put(key, cached);
        }
        return "Bearer " + cached.token();
    }

    private String orderClientSecret() {
        if (orderClientSecret == null) {
            try {
                orderClientSecret = clientSecret(readJson(Files.readString(TestEnvironment.realmFile())), ORDER_CLIENT);
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
        return grant(realm, client, user).getString("access_token");
    }

    private JsonObject grant(String realm, String client, String user) {
        return post(realm, "grant_type=password&client_id=" + enc(client) + "&username=" + enc(user)
                + "&password=" + enc(password(user)) + "&scope=openid", client + "/" + user);
    }

    /** POSTs a form to a realm's token endpoint; @return its answer (200) */
    private JsonObject post(String realm, String form, String who) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + httpPort + "/realms/" + realm + "/protocol/openid-connect/token"))
                    .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("no token for " + who + " of " + realm + ": "
                        + response.statusCode() + " " + response.body());
            }
            return readJson(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach Keycloak", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static JsonObject readJson(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
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
