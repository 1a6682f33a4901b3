package io.twd.testkit;

import static io.twd.testkit.IdentityProvider.CLI_CLIENT;
import static io.twd.testkit.IdentityProvider.CUSTOMER_POOL;
import static io.twd.testkit.IdentityProvider.FOREIGN_AUDIENCE_CLIENT;
import static io.twd.testkit.IdentityProvider.NO_ROLE;
import static io.twd.testkit.IdentityProvider.SHORT_LIVED_CLIENT;
import static io.twd.testkit.IdentityProvider.SHORT_LIVED_SECONDS;
import static io.twd.testkit.IdentityProvider.TEST_LOCKOUT_SECONDS;
import static io.twd.testkit.IdentityProvider.UNVERIFIED;
import static io.twd.testkit.IdentityProvider.WEB_CLIENT;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.List;

/**
 * The realms the tests' identity provider imports: the project's realm
 * ({@code identity/realm/twd-realm.json}) renamed, with what tests need besides the demo users
 * (the pool of fresh customers, a user without a role, an unverified customer, a short-lived and
 * a foreign-audience client, the web client admitted from a test gateway's port), and the secrets
 * of its confidential clients. See {@link IdentityProvider} for who is who.
 */
final class TestRealm {

    private TestRealm() {
    }

    /**
     * The project's realm, renamed, with the test users and clients added.
     *
     * @param realm   the project's realm ({@code identity/realm/twd-realm.json})
     * @param name    the test realm's name
     * @param webPort the port of the test gateway that serves the web front end
     * @return the realm to import
     * @throws IllegalStateException if the project's realm has no client {@value IdentityProvider#CLI_CLIENT}
     */
    static JsonObject of(JsonObject realm, String name, int webPort) {
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
     * @param json a JSON object's text
     * @return the object
     * @throws jakarta.json.JsonException if the text is not a JSON object
     */
    static JsonObject read(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
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
                        .add("type", "password").add("value", IdentityProvider.password(name)).add("temporary", false)));
        if (role != null) {
            user.add("realmRoles", Json.createArrayBuilder().add(role));
        }
        return user;
    }
}
