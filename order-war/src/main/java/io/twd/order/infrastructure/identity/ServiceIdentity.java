package io.twd.order.infrastructure.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The order service's own identity towards the services it calls: an OAuth 2.0 access token of
 * its confidential client ({@code order.identity.client-id}, default {@code twd-order}), obtained
 * with the client-credentials grant (RFC 6749, §4.4; client authentication with HTTP Basic,
 * §2.3.1) from the identity provider's token endpoint ({@code order.identity.token-url}). The
 * client's service account carries the realm role {@code order-service}, which delivery's internal
 * request API requires; the end user never lends their token to these calls.
 *
 * <p>One token serves every call until shortly before it expires: it is renewed by the first call
 * after {@code order.identity.renew-before.seconds} (default 30) before its expiry, or after half
 * its lifetime if that is shorter, while the other calls go on with the current one; only when no
 * valid token is left do calls wait for the renewal. A failed renewal keeps the current token while
 * it is valid. Each token obtained is logged once ("Obtained an access token of client ...").
 *
 * <p>The client secret ({@code order.identity.client-secret}) comes from {@code liberty/local.xml}
 * in the local run and from a Secret on a cluster (environment {@code ORDER_IDENTITY_CLIENT_SECRET});
 * no image carries one.
 */
@ApplicationScoped
public class ServiceIdentity {

    private static final Logger LOG = Logger.getLogger(ServiceIdentity.class.getName());

    /** A token is not used within this margin of its expiry (ms): it could expire on its way. */
    static final long EXPIRY_MARGIN_MS = 5_000;

    @Inject
    @ConfigProperty(name = "order.identity.token-url")
    String tokenUrl;

    @Inject
    @ConfigProperty(name = "order.identity.client-id", defaultValue = "twd-order")
    String clientId;

    @Inject
    @ConfigProperty(name = "order.identity.client-secret")
    Optional<String> clientSecret;

    @Inject
    @ConfigProperty(name = "order.identity.renew-before.seconds", defaultValue = "30")
    long renewBeforeSeconds;

    @Inject
    @ConfigProperty(name = "order.identity.timeout.ms", defaultValue = "2000")
    long timeoutMs;

    /** The time source; a fixed one in tests. */
    Clock clock = Clock.systemUTC();

    private final ReentrantLock renewal = new ReentrantLock();
    private volatile Token token;
    private volatile HttpClient http;

    /** An access token and when to renew it and stop using it. */
    private record Token(String header, Instant renewAt, Instant usableUntil) {
    }

    /**
     * @return the value of an {@code Authorization} header with this service's access token,
     *     {@code Bearer <jwt>} (RFC 6750, §2.1): the current one, or a new one if it is due
     * @throws ServiceIdentityUnavailableException if no valid token is at hand and none can be
     *     obtained now (the identity provider is down, slow, or refuses the client's credentials:
     *     the cause is logged)
     */
    public String authorization() {
        Token current = token;
        Instant now = clock.instant();
        if (current != null && now.isBefore(current.renewAt())) {
            return current.header();
        }
        if (current != null && now.isBefore(current.usableUntil())) {
            // due for renewal but still valid: one call renews, the others go on with it
            if (renewal.tryLock()) {
                try {
                    if (token == current) {
                        token = obtain();
                    }
                } catch (ServiceIdentityUnavailableException keepTheCurrentOne) {
                    // logged by obtain(); the current token serves until it is no longer valid
                } finally {
                    renewal.unlock();
                }
            }
            return token.header();
        }
        renewal.lock();
        try {
            Token renewed = token;
            if (renewed == null || !clock.instant().isBefore(renewed.usableUntil())) {
                renewed = obtain();
                token = renewed;
            }
            return renewed.header();
        } finally {
            renewal.unlock();
        }
    }

    /** Asks the token endpoint for a new token (client-credentials grant). */
    private Token obtain() {
        String secret = clientSecret.filter(s -> !s.isBlank()).orElseThrow(() -> unavailable(
                "no client secret is configured for client " + clientId + " (order.identity.client-secret,"
                        + " environment ORDER_IDENTITY_CLIENT_SECRET)", null));
        String credentials = Base64.getEncoder().encodeToString((enc(clientId) + ":" + enc(secret))
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(tokenUrl))
                .timeout(Duration.ofMillis(timeoutMs))
                .header("Authorization", "Basic " + credentials)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build();
        Instant asked = clock.instant();
        HttpResponse<String> response;
        try {
            response = client().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw unavailable("the token endpoint " + tokenUrl + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while asking the token endpoint", e);
        }
        if (response.statusCode() != 200) {
            // the endpoint's error (RFC 6749, §5.2), e.g. invalid_client for a wrong secret
            throw unavailable("the token endpoint " + tokenUrl + " refused client " + clientId + " with HTTP "
                    + response.statusCode() + " " + response.body(), null);
        }
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            JsonObject answer = reader.readObject();
            String accessToken = answer.getString("access_token");
            long lifetimeMs = answer.getJsonNumber("expires_in").longValueExact() * 1000;
            long renewAfterMs = Math.max(lifetimeMs / 2, lifetimeMs - renewBeforeSeconds * 1000);
            LOG.info(() -> "Obtained an access token of client " + clientId + ", valid " + lifetimeMs / 1000 + " s");
            return new Token("Bearer " + accessToken, asked.plusMillis(renewAfterMs),
                    asked.plusMillis(Math.max(0, lifetimeMs - EXPIRY_MARGIN_MS)));
        } catch (JsonException | ClassCastException | NullPointerException | ArithmeticException e) {
            throw unavailable("the token endpoint's answer has no access_token and expires_in", e);
        }
    }

    private HttpClient client() {
        HttpClient c = http;
        if (c == null) {
            c = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(timeoutMs)).build();
            http = c;
        }
        return c;
    }

    private static ServiceIdentityUnavailableException unavailable(String why, Throwable cause) {
        LOG.log(Level.WARNING, "No access token for the order service: " + why, cause);
        return new ServiceIdentityUnavailableException(cause);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
