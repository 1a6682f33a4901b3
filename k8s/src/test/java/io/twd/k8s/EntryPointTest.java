package io.twd.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.twd.testkit.PathSpellings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * No spelling of a path the entry point must not pass gets through it, judged offline by the way
 * each router matches its rules:
 * <ul>
 *   <li>ingress-nginx (the Ingresses) and the gateway (gateway/nginx.conf.template) are nginx: they
 *       match the path after normalising it (percent-decoding, merging slashes, resolving "." and
 *       ".." segments; a ";" is an ordinary character); an Ingress path of pathType Prefix matches
 *       whole path elements, the longest wins;</li>
 *   <li>the OpenShift router (HAProxy, the Routes) matches a Route's path as a plain prefix of the
 *       path as sent, the longest wins.</li>
 * </ul>
 * The order service's internal /deliveries/requests, in every spelling (path parameters, encoded
 * characters, double slashes, trailing dots, dot segments, case), reaches neither the delivery
 * Service from the entry point nor delivery's upstream from the gateway; the master realm and
 * Keycloak's administration console reach no Keycloak route (on OpenShift, where the router
 * resolves no dot segment, a path that climbs out of /auth/realms/twd with ".." is sent to Keycloak
 * as it came: k8s/README.md says so).
 */
class EntryPointTest {

    static final List<String> OVERLAYS = Variants.OVERLAYS;

    /** Spellings of the internal request API (open, cancel, discard). */
    static final List<String> INTERNAL = PathSpellings.INTERNAL_REQUEST_API;

    /** Spellings of the master realm and the administration console. */
    static final List<String> ADMIN = PathSpellings.IDENTITY_ADMINISTRATION;

    /** What may pass: the public paths, to check that the rules are not simply closed. */
    static final Map<String, String> PUBLIC = Map.of("/deliveries/12/start", "delivery", "/deliveries", "delivery",
            "/orders/12/cancel", "order", "/mypages/12/events", "mypage");

    /**
     * @param path a request path as sent
     * @return the path nginx matches locations against: percent-decoded, slashes merged, "." and
     *         ".." segments resolved (RFC 3986, 5.2.4)
     */
    static String normalised(String path) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%' && i + 2 < path.length()) {
                bytes.write(Integer.parseInt(path.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        String decoded = bytes.toString(StandardCharsets.UTF_8).replaceAll("/{2,}", "/");
        Deque<String> segments = new ArrayDeque<>();
        String[] parts = decoded.split("/", -1);
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            if (part.equals("..")) {
                segments.pollLast();
            } else if (!part.equals(".")) {
                segments.addLast(part);
            }
        }
        String last = parts[parts.length - 1];
        String joined = "/" + String.join("/", segments);
        return (last.equals(".") || last.equals("..")) && !joined.endsWith("/") ? joined + "/" : joined;
    }

    /**
     * @param routes the entry point's path prefixes to Services
     * @param path   a request path as sent
     * @param router the router's way to match: ingress-nginx (normalised, whole elements) or the
     *               OpenShift router (as sent, plain prefix)
     * @return the Service the request reaches, or null if no route matches
     */
    static String backend(Map<String, String> routes, String path, boolean openshift) {
        String matched = openshift ? path : normalised(path);
        String best = null;
        for (String prefix : routes.keySet()) {
            boolean matches = openshift ? matched.startsWith(prefix)
                    : prefix.equals("/") || matched.equals(prefix) || matched.startsWith(prefix + "/");
            if (matches && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        return best == null ? null : routes.get(best);
    }

    /** One location of the gateway's configuration: {@code =}, prefix, or regular expression. */
    private record Location(String kind, String match, String upstream) {
    }

    /** The gateway's locations with the upstream each proxies to (null for those that answer themselves). */
    static List<Location> gatewayLocations() {
        String conf;
        try {
            conf = Files.readString(Manifests.REPO.resolve("gateway/nginx.conf.template"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Location> locations = new ArrayList<>();
        Matcher m = Pattern.compile("location\\s+(=|~|\\^~)?\\s*(\"[^\"]+\"|\\S+)\\s*\\{([^}]*)\\}").matcher(conf);
        while (m.find()) {
            String kind = m.group(1) == null ? "prefix" : m.group(1);
            Matcher proxy = Pattern.compile("proxy_pass\\s+http://(\\w+)").matcher(m.group(3));
            locations.add(new Location(kind, m.group(2).replaceAll("^\"|\"$", ""), proxy.find() ? proxy.group(1) : null));
        }
        return locations;
    }

    /**
     * nginx's choice of location: an exact match; else the longest prefix, unless a regular
     * expression matches (in order) and the prefix was not {@code ^~}.
     *
     * @param path a request path as sent
     * @return the upstream the gateway proxies it to, or null if it answers itself (404 and the like)
     */
    static String gatewayUpstream(String path) {
        String uri = normalised(path);
        List<Location> locations = gatewayLocations();
        Location prefix = null;
        for (Location l : locations) {
            if (l.kind().equals("=") && l.match().equals(uri)) {
                return l.upstream();
            }
            if ((l.kind().equals("prefix") || l.kind().equals("^~")) && uri.startsWith(l.match())
                    && (prefix == null || l.match().length() > prefix.match().length())) {
                prefix = l;
            }
        }
        if (prefix == null || !prefix.kind().equals("^~")) {
            for (Location l : locations) {
                if (l.kind().equals("~") && Pattern.compile(l.match()).matcher(uri).find()) {
                    return l.upstream();
                }
            }
        }
        return prefix == null ? null : prefix.upstream();
    }

    @Test
    void theModelNormalisesAsNginxDoes() {
        assertThat(normalised("/deliveries/%72equests")).isEqualTo("/deliveries/requests");
        assertThat(normalised("//deliveries//requests/")).isEqualTo("/deliveries/requests/");
        assertThat(normalised("/deliveries/1/../requests")).isEqualTo("/deliveries/requests");
        assertThat(normalised("/deliveries/%2e%2e/deliveries/requests")).isEqualTo("/deliveries/requests");
        assertThat(normalised("/deliveries/requests;x")).isEqualTo("/deliveries/requests;x");
        assertThat(normalised("/deliveries/./requests")).isEqualTo("/deliveries/requests");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void noSpellingOfTheInternalRequestApiReachesDeliveryFromTheEntryPoint(String overlay) {
        Manifests.Rendered rendered = KeycloakTest.render(overlay);
        Map<String, String> routes = VariantTest.entryRoutes(rendered, new ArrayList<>());
        boolean openshift = !rendered.ofKind("Route").isEmpty();
        for (String path : INTERNAL) {
            assertThat(backend(routes, path, openshift)).as(overlay + ": " + path)
                    .isIn(VariantTest.WEB, VariantTest.NOT_ROUTED);
        }
        for (String path : ADMIN) {
            String target = backend(routes, path, openshift);
            boolean climbsOutOfTheRealm = openshift && path.startsWith(VariantTest.AUTH_REALM + "/..");
            if (!climbsOutOfTheRealm) {
                assertThat(target).as(overlay + ": " + path + " (Keycloak's admin or master realm)")
                        .isIn(VariantTest.WEB, VariantTest.NOT_ROUTED);
            }
        }
        assertThat(backend(routes, "/auth/realms/twd/protocol/openid-connect/token", openshift))
                .as(overlay + ": realm twd's token endpoint").isNotIn(VariantTest.WEB, VariantTest.NOT_ROUTED, null);
    }

    @Test
    void noSpellingOfTheInternalRequestApiReachesDeliveryThroughTheGateway() {
        for (String path : INTERNAL) {
            assertThat(gatewayUpstream(path)).as(path).isNull();
        }
        for (String path : ADMIN) {
            assertThat(gatewayUpstream(path)).as(path).isNull();
        }
        PUBLIC.forEach((path, upstream) -> assertThat(gatewayUpstream(path)).as(path).isEqualTo(upstream));
    }
}
