package io.twd.testkit;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Access tokens from the tests' identity provider: the users' (direct-access grant of a client)
 * and the order service's own (client-credentials grant), each cached until a minute before it
 * expires, so that tests measure the services, not Keycloak.
 */
final class Tokens {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private final String realms;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(String token, Instant renewAfter) {
        boolean fresh() {
            return Instant.now().isBefore(renewAfter);
        }
    }

    /** @param realms the provider's realms on the loopback address, {@code http://127.0.0.1:<port>/realms/} */
    Tokens(String realms) {
        this.realms = realms;
    }

    /**
     * @param realm  a realm of the provider
     * @param client a public client with direct-access grants
     * @param user   a user of that realm, whose password is {@link IdentityProvider#password}
     * @return a valid access token of the user (from cache while it has a minute left)
     * @throws IllegalStateException if the provider refuses the grant
     */
    String user(String realm, String client, String user) {
        String key = realm + "/" + client + "/" + user;
        Cached cached = cache.get(key);
        if (cached == null || !cached.fresh()) {
            cached = cache(key, grant(realm, client, user));
        }
        return cached.token();
    }

    /**
     * @param realm  a realm of the provider
     * @param client a confidential client with a service account
     * @param secret its secret
     * @return a valid access token of the client itself (cached like the users')
     * @throws IllegalStateException if the provider refuses the grant
     */
    String client(String realm, String client, String secret) {
        String key = realm + "/client " + client;
        Cached cached = cache.get(key);
        if (cached == null || !cached.fresh()) {
            cached = cache(key, post(realm, "grant_type=client_credentials&client_id=" + enc(client)
                    + "&client_secret=" + enc(secret), client));
        }
        return cached.token();
    }

    /**
     * @param realm  a realm of the provider
     * @param client a public client with direct-access grants
     * @param user   a user of that realm
     * @return a new access token, not cached
     * @throws IllegalStateException if the provider refuses the grant
     */
    String fresh(String realm, String client, String user) {
        return grant(realm, client, user).getString("access_token");
    }

    private Cached cache(String key, JsonObject answer) {
        Cached cached = new Cached(answer.getString("access_token"),
                Instant.now().plusSeconds(Math.max(0, answer.getInt("expires_in") - 60)));
        cache.put(key, cached);
        return cached;
    }

    private JsonObject grant(String realm, String client, String user) {
        return post(realm, "grant_type=password&client_id=" + enc(client) + "&username=" + enc(user)
                + "&password=" + enc(IdentityProvider.password(user)) + "&scope=openid", client + "/" + user);
    }

    /** POSTs a form to a realm's token endpoint; @return its answer (200) */
    private JsonObject post(String realm, String form, String who) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                            URI.create(realms + realm + "/protocol/openid-connect/token"))
                    .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("no token for " + who + " of " + realm + ": "
                        + response.statusCode() + " " + response.body());
            }
            return TestRealm.read(response.body());
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
}
