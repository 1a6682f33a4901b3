package io.twd.bench.simulation;

import java.io.IOException;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Access tokens of the local realm's users for the benchmarks, so that the benchmarks measure
 * the services, not the identity provider: each user's token is fetched once (the direct-access
 * grant of client {@code twd-cli}; password {@code <user>-pass}), renewed with its refresh token
 * shortly before it expires, and handed to the load generators in a file ({@link #write}), one
 * user a line.
 *
 * <p>Orders come from {@value #BENCH_CUSTOMERS} customers ({@code bench-001} ... , the realm's
 * {@code identity/realm/twd-users-0.json}), not one, so that the services check as many tokens as
 * real traffic brings and a per-customer limit meets a realistic spread; phone {@code n} is
 * ordered by customer {@code n % }{@value #BENCH_CUSTOMERS}. The manager registers the phones and
 * staff ship. The realm is at system property {@code bench.issuer}, default
 * {@code http://localhost:8180/realms/twd}.
 */
public final class Tokens {

    /** The demo manager, who registers the phones. */
    public static final String MANAGER = "manager";
    /** The demo staff member, who ships. */
    public static final String STAFF = "staff";
    /** How many customers place the benchmarks' orders. */
    public static final int BENCH_CUSTOMERS = 100;

    private static final String ISSUER = System.getProperty("bench.issuer", "http://localhost:8180/realms/twd");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern REFRESH_TOKEN = Pattern.compile("\"refresh_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern EXPIRES_IN = Pattern.compile("\"expires_in\"\\s*:\\s*([0-9]+)");
    private static final Map<String, Grant> GRANTS = new ConcurrentHashMap<>();
    private static final Pattern EXP = Pattern.compile("\"exp\"\\s*:\\s*([0-9]+)");
    /** Least lifetime a token must have left to be sent: a request must not carry one that expires on the way. */
    private static final Duration MARGIN = Duration.ofSeconds(30);
    private static volatile Map<String, Grant> fromFile;

    private record Grant(String header, String refreshToken, Instant expiresAt) {
    }

    private Tokens() {
    }

    /**
     * @param n a phone's index
     * @return the customer who orders it, e.g. {@code bench-042}
     */
    public static String customer(long n) {
        return customerNumber((int) Math.floorMod(n, BENCH_CUSTOMERS));
    }

    /** @return every bench customer, {@code bench-001} to {@code bench-100} */
    public static List<String> customers() {
        return IntStream.range(0, BENCH_CUSTOMERS).mapToObj(Tokens::customerNumber).toList();
    }

    private static String customerNumber(int i) {
        return String.format("bench-%03d", i + 1);
    }

    /**
     * @param user a user of the realm: a bench customer, {@value #MANAGER} or {@value #STAFF}
     * @return the value of an {@code Authorization} header signing a request in as that user,
     *     {@code Bearer <jwt>}: from the file of system property {@code bench.tokens} when that has
     *     the user with at least {@link #MARGIN} of its lifetime left (the load generators), else
     *     fetched here and kept until shortly before it expires (a load that outlasts the file's
     *     tokens, such as the registration of 108,256 phones, goes on signed in)
     * @throws IllegalStateException if the identity provider gives no token
     */
    public static String bearer(String user) {
        Grant written = file().get(user);
        if (written != null && Instant.now().plus(MARGIN).isBefore(written.expiresAt())) {
            return written.header();
        }
        return fresh(user, MARGIN).header();
    }

    /**
     * Writes the tokens of the given users, each valid for at least {@code validFor} more, one per
     * line as {@code <user> Bearer <jwt>}, for the load generators (system property
     * {@code bench.tokens}; wrk's script reads the same file).
     *
     * @param file     where to write
     * @param users    the users
     * @param validFor how long each token must stay valid at least (their lifetime is the realm's,
     *                 5 minutes; a token with less left is renewed)
     * @throws IOException if the file cannot be written
     * @throws IllegalStateException if the identity provider gives no token
     */
    public static void write(Path file, List<String> users, Duration validFor) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String user : users) {
            lines.add(user + " " + fresh(user, validFor).header());
        }
        Files.write(file, lines);
    }

    private static Map<String, Grant> file() {
        Map<String, Grant> tokens = fromFile;
        if (tokens == null) {
            tokens = new LinkedHashMap<>();
            String path = System.getProperty("bench.tokens");
            if (path != null) {
                try {
                    for (String line : Files.readAllLines(Path.of(path))) {
                        int space = line.indexOf(' ');
                        if (space > 0) {
                            String header = line.substring(space + 1);
                            tokens.put(line.substring(0, space), new Grant(header, "", expiry(header)));
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            fromFile = tokens;
        }
        return tokens;
    }

    private static Grant fresh(String user, Duration validFor) {
        return GRANTS.compute(user, (u, old) -> {
            if (old != null && Instant.now().plus(validFor).isBefore(old.expiresAt())) {
                return old;
            }
            if (old != null) {
                try {
                    return grant(u, "grant_type=refresh_token&client_id=twd-cli&refresh_token=" + enc(old.refreshToken()));
                } catch (IllegalStateException expired) {
                    // the refresh token ran out too: sign in again
                }
            }
            return grant(u, "grant_type=password&client_id=twd-cli&username=" + enc(u) + "&password=" + enc(u + "-pass"));
        });
    }

    private static Grant grant(String user, String form) {
        try {
            Instant asked = Instant.now();
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(
                            URI.create(ISSUER + "/protocol/openid-connect/token")).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher token = ACCESS_TOKEN.matcher(answer.body());
            Matcher refresh = REFRESH_TOKEN.matcher(answer.body());
            Matcher expires = EXPIRES_IN.matcher(answer.body());
            if (answer.statusCode() != 200 || !token.find()) {
                throw new IllegalStateException("no token for " + user + ": " + answer.statusCode() + " " + answer.body()
                        + (user.startsWith("bench-") ? " (the bench customers are in identity/realm/twd-users-0.json,"
                        + " imported when ./twd up starts the identity provider)" : ""));
            }
            long lifetime = expires.find() ? Long.parseLong(expires.group(1)) : 60;
            return new Grant("Bearer " + token.group(1), refresh.find() ? refresh.group(1) : "",
                    asked.plusSeconds(lifetime));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach the identity provider at " + ISSUER, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param header {@code Bearer <jwt>}
     * @return when the token expires: its {@code exp} claim (RFC 7519 §4.1.4), or now if it has none
     */
    static Instant expiry(String header) {
        String[] parts = header.substring(header.indexOf(' ') + 1).split("\\.");
        if (parts.length < 2) {
            return Instant.now();
        }
        Matcher exp = EXP.matcher(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        return exp.find() ? Instant.ofEpochSecond(Long.parseLong(exp.group(1))) : Instant.now();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
