package io.twd.bench.simulation;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Access tokens of the local realm's demo users for the benchmarks, fetched once per user (the
 * direct-access grant of client {@code twd-cli}; password {@code <user>-pass}) and again only
 * shortly before they expire, so the benchmarks measure the services, not the identity provider.
 * The realm is at system property {@code bench.issuer}, default
 * {@code http://localhost:8180/realms/twd}.
 */
public final class Tokens {

    /** The demo customer who places the benchmarks' orders. */
    public static final String CUSTOMER = "kim";
    /** The demo manager, who registers the phones. */
    public static final String MANAGER = "manager";
    /** The demo staff member, who ships. */
    public static final String STAFF = "staff";

    private static final String ISSUER = System.getProperty("bench.issuer", "http://localhost:8180/realms/twd");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern EXPIRES_IN = Pattern.compile("\"expires_in\"\\s*:\\s*([0-9]+)");
    private static final Map<String, Cached> CACHE = new ConcurrentHashMap<>();

    private record Cached(String header, Instant renewAfter) {
    }

    private Tokens() {
    }

    /**
     * @param user a demo user: {@value #CUSTOMER}, {@value #MANAGER}, {@value #STAFF} (or {@code lee})
     * @return the value of an {@code Authorization} header signing a request in as that user,
     *     {@code Bearer <jwt>}
     * @throws IllegalStateException if the identity provider gives no token
     */
    public static String bearer(String user) {
        Cached cached = CACHE.get(user);
        if (cached != null && Instant.now().isBefore(cached.renewAfter())) {
            return cached.header();
        }
        return CACHE.compute(user, (u, old) -> old != null && Instant.now().isBefore(old.renewAfter()) ? old : fetch(u))
                .header();
    }

    private static Cached fetch(String user) {
        String form = "grant_type=password&client_id=twd-cli&username=" + enc(user) + "&password=" + enc(user + "-pass");
        try {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(
                            URI.create(ISSUER + "/protocol/openid-connect/token")).timeout(Duration.ofSeconds(20))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher token = ACCESS_TOKEN.matcher(answer.body());
            Matcher expires = EXPIRES_IN.matcher(answer.body());
            if (answer.statusCode() != 200 || !token.find()) {
                throw new IllegalStateException("no token for " + user + ": " + answer.statusCode() + " " + answer.body());
            }
            long lifetime = expires.find() ? Long.parseLong(expires.group(1)) : 60;
            return new Cached("Bearer " + token.group(1), Instant.now().plusSeconds(Math.max(5, lifetime - 30)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach the identity provider at " + ISSUER, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
