package io.twd.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twd.k8s.Variants.Pods;
import io.twd.k8s.Variants.Svc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Keycloak in each variant (the plain Deployment of components/keycloak, or the Keycloak
 * Operator's Keycloak on OpenShift) agrees with the services' sign-in settings (twd-common's
 * OIDC_*), the entry point and its realm: tokens are issued under the public URL that
 * OIDC_ISSUER names, the keys are fetched inside the cluster from Keycloak's Service, the
 * audience is the one the realm's clients add; Keycloak runs the project's version, under /auth,
 * behind the proxy, with health on the management port, on its own database with Secrets, and
 * imports the realm at start.
 */
class KeycloakTest {

    static final List<String> OVERLAYS = Variants.OVERLAYS;
    static final String STOCK_IMAGE = "quay.io/keycloak/keycloak";
    static final String RELATIVE_PATH = VariantTest.AUTH;
    static final String IMPORT_DIR = "/opt/keycloak/data/import";
    static final String DATA_DIR = "/opt/keycloak/data";
    /**
     * The brute-force protector's option that lets one user sign in several times at once (with
     * brute-force protection on, Keycloak otherwise refuses concurrent logins of one user: seen, 15
     * of 16 parallel sign-ins refused "Invalid user credentials").
     */
    static final String ALLOW_CONCURRENT_LOGINS =
            "KC_SPI_BRUTE_FORCE_PROTECTOR__DEFAULT_BRUTE_FORCE_DETECTOR__ALLOW_CONCURRENT_REQUESTS";
    /**
     * The Keycloak 26 options (https://www.keycloak.org/server/all-config) this project may set, in
     * their environment form: a setting outside this list is a typo Keycloak would ignore.
     */
    static final Set<String> KEYCLOAK_OPTIONS = Set.of("KC_HOSTNAME", "KC_HOSTNAME_ADMIN", "KC_HOSTNAME_STRICT",
            "KC_HOSTNAME_BACKCHANNEL_DYNAMIC", "KC_HTTP_ENABLED", "KC_HTTP_PORT", "KC_HTTP_RELATIVE_PATH",
            "KC_HTTP_MANAGEMENT_PORT", "KC_HTTP_MANAGEMENT_RELATIVE_PATH", "KC_PROXY_HEADERS", "KC_HEALTH_ENABLED",
            "KC_METRICS_ENABLED", "KC_DB", "KC_DB_URL", "KC_DB_URL_HOST", "KC_DB_URL_PORT", "KC_DB_URL_DATABASE",
            "KC_DB_USERNAME", "KC_DB_PASSWORD", "KC_DB_SCHEMA", "KC_DB_POOL_MAX_SIZE", "KC_CACHE", "KC_CACHE_STACK",
            "KC_LOG_LEVEL", "KC_LOG_CONSOLE_OUTPUT", "KC_FEATURES", "KC_TRANSACTION_XA_ENABLED",
            "KC_BOOTSTRAP_ADMIN_USERNAME", "KC_BOOTSTRAP_ADMIN_PASSWORD", ALLOW_CONCURRENT_LOGINS);


    private static final ObjectMapper JSON = new ObjectMapper();

    static Manifests.Rendered render(String overlay) {
        Manifests.Rendered rendered = Manifests.render(Manifests.K8S.resolve("overlays").resolve(overlay));
        assertThat(rendered.problems()).as(overlay).isEmpty();
        return rendered;
    }

    /**
     * @param rendered a rendered overlay
     * @param kind     a kind
     * @param name     a name
     * @return that resource
     */
    static JsonNode resource(Manifests.Rendered rendered, String kind, String name) {
        return rendered.ofKind(kind).stream().filter(r -> r.path("metadata").path("name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    /**
     * Keycloak's settings in one form whatever the variant: option in environment form
     * ({@code KC_HOSTNAME}) to its value, {@code secret:<name>/<key>} for one read from a Secret.
     * From the Deployment's env and envFrom ConfigMaps, or from the Keycloak resource's fields as
     * the operator maps them (with the operator's defaults health-enabled, cache, cache-stack).
     *
     * @param rendered a rendered overlay
     * @param keycloak the Keycloak server's pods
     * @return the settings
     */
    static Map<String, String> options(Manifests.Rendered rendered, Pods keycloak) {
        Map<String, String> options = new LinkedHashMap<>();
        if (keycloak.owner().startsWith("Keycloak ")) {
            JsonNode spec = keycloak.spec();
            options.put("KC_HEALTH_ENABLED", "true");
            options.put("KC_CACHE", "ispn");
            options.put("KC_CACHE_STACK", "kubernetes");
            put(options, "KC_HOSTNAME", spec.path("hostname").path("hostname"));
            put(options, "KC_HOSTNAME_ADMIN", spec.path("hostname").path("admin"));
            put(options, "KC_HOSTNAME_STRICT", spec.path("hostname").path("strict"));
            put(options, "KC_HTTP_ENABLED", spec.path("http").path("httpEnabled"));
            put(options, "KC_HTTP_PORT", spec.path("http").path("httpPort"));
            put(options, "KC_PROXY_HEADERS", spec.path("proxy").path("headers"));
            JsonNode db = spec.path("db");
            put(options, "KC_DB", db.path("vendor"));
            put(options, "KC_DB_URL", db.path("url"));
            put(options, "KC_DB_URL_HOST", db.path("host"));
            put(options, "KC_DB_URL_PORT", db.path("port"));
            put(options, "KC_DB_URL_DATABASE", db.path("database"));
            putSecret(options, "KC_DB_USERNAME", db.path("usernameSecret"));
            putSecret(options, "KC_DB_PASSWORD", db.path("passwordSecret"));
            String admin = spec.path("bootstrapAdmin").path("user").path("secret").asText();
            if (!admin.isEmpty()) {
                options.put("KC_BOOTSTRAP_ADMIN_USERNAME", "secret:" + admin + "/username");
                options.put("KC_BOOTSTRAP_ADMIN_PASSWORD", "secret:" + admin + "/password");
            }
            for (JsonNode option : spec.path("additionalOptions")) {
                String name = "KC_" + option.path("name").asText().replace('-', '_').toUpperCase(Locale.ROOT);
                if (option.has("secret")) {
                    putSecret(options, name, option.path("secret"));
                } else {
                    options.put(name, option.path("value").asText());
                }
            }
            return options;
        }
        JsonNode container = keycloak.spec().path("containers").get(0);
        for (JsonNode from : container.path("envFrom")) {
            String map = from.path("configMapRef").path("name").asText();
            Variants.strings(resource(rendered, "ConfigMap", map).path("data")).forEach(options::put);
        }
        for (JsonNode env : container.path("env")) {
            if (env.has("value")) {
                options.put(env.path("name").asText(), env.path("value").asText());
            } else {
                putSecret(options, env.path("name").asText(), env.path("valueFrom").path("secretKeyRef"));
            }
        }
        return options;
    }

    private static void put(Map<String, String> options, String name, JsonNode value) {
        if (!value.isMissingNode() && !value.isNull()) {
            options.put(name, value.asText());
        }
    }

    private static void putSecret(Map<String, String> options, String name, JsonNode selector) {
        if (!selector.isMissingNode()) {
            options.put(name, "secret:" + selector.path("name").asText() + "/" + selector.path("key").asText());
        }
    }

    /**
     * @param rendered a rendered overlay
     * @return the realm the variant imports: the JSON in the ConfigMap mounted on the Deployment's
     *         import folder, or the KeycloakRealmImport's spec.realm
     */
    static JsonNode clusterRealm(Manifests.Rendered rendered) {
        Pods keycloak = Variants.keycloak(rendered);
        if (keycloak.owner().startsWith("Keycloak ")) {
            String name = keycloak.owner().substring("Keycloak ".length());
            List<JsonNode> imports = rendered.ofKind("KeycloakRealmImport").stream()
                    .filter(i -> i.path("spec").path("keycloakCRName").asText().equals(name)).toList();
            assertThat(imports).as("KeycloakRealmImports of " + keycloak.owner()).hasSize(1);
            return imports.get(0).path("spec").path("realm");
        }
        JsonNode container = keycloak.spec().path("containers").get(0);
        String volume = null;
        for (JsonNode mount : container.path("volumeMounts")) {
            if (mount.path("mountPath").asText().equals(IMPORT_DIR)) {
                volume = mount.path("name").asText();
            }
        }
        assertThat(volume).as(keycloak.owner() + ": a volume on " + IMPORT_DIR).isNotNull();
        String map = null;
        for (JsonNode v : keycloak.spec().path("volumes")) {
            if (v.path("name").asText().equals(volume)) {
                map = v.path("configMap").path("name").asText(null);
            }
        }
        assertThat(map).as(keycloak.owner() + ": the import volume is a ConfigMap").isNotNull();
        Map<String, String> files = Variants.strings(resource(rendered, "ConfigMap", map).path("data"));
        List<String> realms = files.keySet().stream().filter(f -> f.endsWith(".json")).toList();
        assertThat(realms).as("realm files in ConfigMap " + map).hasSize(1);
        try {
            return JSON.readTree(files.get(realms.get(0)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @return the Keycloak version the project builds and tests with (the root pom's keycloak.version)
     */
    static String projectKeycloakVersion() {
        try {
            Matcher m = Pattern.compile("<keycloak\\.version>([^<]+)</keycloak\\.version>")
                    .matcher(Files.readString(Manifests.REPO.resolve("pom.xml")));
            assertThat(m.find()).as("the root pom.xml defines keycloak.version").isTrue();
            return m.group(1).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> twdCommon(Manifests.Rendered rendered) {
        return Variants.strings(resource(rendered, "ConfigMap", "twd-common").path("data"));
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void theIssuerIsKeycloaksPublicUrlAndTheKeysComeFromInsideTheCluster(String overlay) {
        Manifests.Rendered rendered = render(overlay);
        Pods keycloak = Variants.keycloak(rendered);
        Map<String, String> options = options(rendered, keycloak);
        Map<String, String> common = twdCommon(rendered);
        String realm = clusterRealm(rendered).path("realm").asText();
        assertThat(realm).isNotEmpty();

        assertThat(options.get("KC_HTTP_RELATIVE_PATH")).as("Keycloak's relative path (the entry point routes it)")
                .isEqualTo(RELATIVE_PATH);
        String hostname = options.get("KC_HOSTNAME");
        assertThat(hostname).as("Keycloak's hostname: the full public URL").startsWith("https://");
        assertThat(URI.create(hostname).getPath()).as("the hostname's path is the relative path").isEqualTo(RELATIVE_PATH);
        assertThat(common.get("OIDC_ISSUER")).as("OIDC_ISSUER: the issuer of the tokens Keycloak hands to browsers")
                .isEqualTo(hostname + "/realms/" + realm);
        if (options.containsKey("KC_HOSTNAME_ADMIN")) {
            assertThat(URI.create(options.get("KC_HOSTNAME_ADMIN")).getPath()).isEqualTo(RELATIVE_PATH);
        }

        // The keys: plain HTTP to the Service in front of Keycloak, on its http port.
        URI jwks = URI.create(common.get("OIDC_JWKS_URL"));
        assertThat(jwks.getScheme()).isEqualTo("http");
        List<Svc> services = Variants.servicesOf(rendered, keycloak);
        Svc service = services.stream().filter(s -> s.name().equals(jwks.getHost())).findFirst().orElse(null);
        assertThat(service).as("OIDC_JWKS_URL's host " + jwks.getHost() + " is a Service of " + keycloak.owner()
                + " (" + services.stream().map(Svc::name).toList() + ")").isNotNull();
        String[] port = service.ports().values().stream().filter(p -> p[0].equals(Integer.toString(jwks.getPort())))
                .findFirst().orElseThrow(() -> new AssertionError("Service " + service.name() + " has no port " + jwks.getPort()));
        Integer target = Variants.portNumber(port[1]) != null ? Variants.portNumber(port[1]) : keycloak.ports().get(port[1]);
        assertThat(target).as("Service " + service.name() + " port " + port[0] + " reaches Keycloak's http port")
                .isEqualTo(keycloak.ports().get("http"));
        assertThat(jwks.getPath()).isEqualTo(RELATIVE_PATH + "/realms/" + realm + "/protocol/openid-connect/certs");

        // The audience the services require is the one every client of the realm adds.
        Set<String> audiences = new TreeSet<>();
        for (JsonNode client : clusterRealm(rendered).path("clients")) {
            List<String> added = new ArrayList<>();
            for (JsonNode mapper : client.path("protocolMappers")) {
                if (mapper.path("protocolMapper").asText().equals("oidc-audience-mapper")) {
                    added.add(mapper.path("config").path("included.custom.audience").asText());
                }
            }
            assertThat(added).as(client.path("clientId").asText() + "'s audience mapper").hasSize(1);
            audiences.addAll(added);
        }
        assertThat(audiences).containsExactly(common.get("OIDC_AUDIENCE"));

        // Behind the ingress controller or router: TLS ends there.
        assertThat(options.get("KC_PROXY_HEADERS")).isEqualTo("xforwarded");
        assertThat(options.get("KC_HTTP_ENABLED")).isEqualTo("true");
        assertThat(options.get("KC_HEALTH_ENABLED")).isEqualTo("true");
    }

    /**
     * The order service's client secret: the realm's placeholder is filled from the Secret whose key
     * the order pods read too (the Keycloak container's environment, or the KeycloakRealmImport's
     * placeholders), so the two can never disagree, and neither is in a manifest.
     */
    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void theOrderServicesClientSecretComesFromTheSecretTheOrderPodsRead(String overlay) {
        Manifests.Rendered rendered = render(overlay);
        JsonNode order = null;
        for (JsonNode client : clusterRealm(rendered).path("clients")) {
            if (client.path("clientId").asText().equals("twd-order")) {
                order = client;
            }
        }
        assertThat(order).as("the realm's client twd-order").isNotNull();
        Matcher placeholder = RealmCopyTest.PLACEHOLDER.matcher(order.path("secret").asText());
        assertThat(placeholder.matches()).as("twd-order's secret is a placeholder").isTrue();
        String variable = placeholder.group(1);

        Pods keycloak = Variants.keycloak(rendered);
        String keycloakSource;
        if (keycloak.owner().startsWith("Keycloak ")) {
            JsonNode realmImport = rendered.ofKind("KeycloakRealmImport").get(0);
            JsonNode secret = realmImport.path("spec").path("placeholders").path(variable).path("secret");
            keycloakSource = "secret:" + secret.path("name").asText() + "/" + secret.path("key").asText();
        } else {
            keycloakSource = options(rendered, keycloak).get(variable);
        }
        Pods orderPods = Variants.pods(rendered).stream().filter(p -> "order".equals(Variants.app(p))).findFirst()
                .orElseThrow();
        JsonNode env = orderPods.spec().has("containers") ? orderPods.spec().path("containers").get(0).path("env")
                : orderPods.spec().path("env");
        String orderSource = null;
        for (JsonNode e : env) {
            if (e.path("name").asText().equals("ORDER_IDENTITY_CLIENT_SECRET")) {
                JsonNode ref = e.path("valueFrom").path("secretKeyRef");
                orderSource = "secret:" + ref.path("name").asText() + "/" + ref.path("key").asText();
            }
        }
        assertThat(keycloakSource).as("Keycloak's " + variable).isEqualTo("secret:order-identity/client-secret")
                .isEqualTo(orderSource);
        assertThat(Manifests.exampleSecrets()).containsKey("order-identity");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void keycloakHasItsOwnDatabaseAndItsCredentialsFromSecrets(String overlay) {
        Manifests.Rendered rendered = render(overlay);
        Map<String, String> options = options(rendered, Variants.keycloak(rendered));
        assertThat(options.get("KC_DB")).isEqualTo("postgres");
        assertThat(options).doesNotContainKey("KC_DB_URL");
        String host = options.get("KC_DB_URL_HOST");
        String port = options.getOrDefault("KC_DB_URL_PORT", "5432");
        Svc service = Variants.services(rendered).stream().filter(s -> s.name().equals(host)).findFirst()
                .orElseThrow(() -> new AssertionError("KC_DB_URL_HOST " + host + " is no Service"));
        Pods db = Variants.pods(rendered).stream().filter(p -> p.owner().equals("StatefulSet keycloak-db")).findFirst().orElseThrow();
        assertThat(service.selector().entrySet()).as("Service " + host + " selects keycloak-db")
                .allMatch(e -> e.getValue().equals(db.labels().get(e.getKey())));
        assertThat(service.ports().values()).as("Service " + host + " has port " + port).anyMatch(p -> p[0].equals(port));

        Map<String, String> postgres = new LinkedHashMap<>();
        for (JsonNode env : db.spec().path("containers").get(0).path("env")) {
            JsonNode secret = env.path("valueFrom").path("secretKeyRef");
            postgres.put(env.path("name").asText(), env.has("value") ? env.path("value").asText()
                    : "secret:" + secret.path("name").asText() + "/" + secret.path("key").asText());
        }
        assertThat(options.get("KC_DB_URL_DATABASE")).isEqualTo(postgres.get("POSTGRES_DB"));
        assertThat(options.get("KC_DB_USERNAME")).isEqualTo(postgres.get("POSTGRES_USER")).isEqualTo("secret:keycloak-db/username");
        assertThat(options.get("KC_DB_PASSWORD")).isEqualTo(postgres.get("POSTGRES_PASSWORD")).isEqualTo("secret:keycloak-db/password");
        assertThat(options.get("KC_BOOTSTRAP_ADMIN_USERNAME")).isEqualTo("secret:keycloak-admin/username");
        assertThat(options.get("KC_BOOTSTRAP_ADMIN_PASSWORD")).isEqualTo("secret:keycloak-admin/password");
        assertThat(Manifests.exampleSecrets()).containsKeys("keycloak-db", "keycloak-admin");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void concurrentSignInsOfOneUserAreAllowedWithBruteForceProtectionOn(String overlay) {
        Manifests.Rendered rendered = render(overlay);
        assertThat(clusterRealm(rendered).path("bruteForceProtected").asBoolean()).isTrue();
        assertThat(options(rendered, Variants.keycloak(rendered))).containsEntry(ALLOW_CONCURRENT_LOGINS, "true");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyKeycloakSettingIsAKeycloakOption(String overlay) {
        Manifests.Rendered rendered = render(overlay);
        Set<String> unknown = new TreeSet<>(options(rendered, Variants.keycloak(rendered)).keySet());
        unknown.removeAll(KEYCLOAK_OPTIONS);
        // the realm's placeholders (${NAME}), which the realm import fills from the environment
        Matcher placeholder = RealmCopyTest.PLACEHOLDER.matcher(clusterRealm(rendered).toString());
        while (placeholder.find()) {
            unknown.remove(placeholder.group(1));
        }
        assertThat(unknown).as("settings Keycloak does not know").isEmpty();
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void keycloakRunsTheProjectsVersionAndImportsTheRealmAtStart(String overlay) {
        Manifests.Rendered rendered = render(overlay);
        Pods keycloak = Variants.keycloak(rendered);
        Map<String, String> options = options(rendered, keycloak);
        if (keycloak.owner().startsWith("Keycloak ")) {
            JsonNode spec = keycloak.spec();
            String image = spec.path("image").asText();
            assertThat(Manifests.imageName(image)).isEqualTo(STOCK_IMAGE);
            assertThat(Manifests.imageTag(image)).as("the Keycloak version the project tests with").isEqualTo(projectKeycloakVersion());
            assertThat(spec.path("startOptimized").isBoolean() && !spec.path("startOptimized").asBoolean())
                    .as("the stock image cannot start --optimized: startOptimized false").isTrue();
            assertThat(spec.path("ingress").path("enabled").asBoolean(true)).as("the Routes are the entry point: no operator Ingress").isFalse();
            assertThat(spec.path("networkPolicy").path("enabled").asBoolean(true)).as("the base's NetworkPolicies, not the operator's").isFalse();
            // The network policies open no JGroups port between Keycloak pods.
            assertThat(spec.path("instances").asInt(1)).isEqualTo(1);
            assertThat(clusterRealm(rendered).path("realm").asText()).isNotEmpty();
            return;
        }
        JsonNode container = keycloak.spec().path("containers").get(0);
        assertThat(Manifests.imageName(container.path("image").asText())).isEqualTo(STOCK_IMAGE);
        assertThat(Manifests.imageTag(container.path("image").asText())).as("the Keycloak version the project tests with")
                .isEqualTo(projectKeycloakVersion());
        List<String> args = new ArrayList<>();
        container.path("command").forEach(a -> args.add(a.asText()));
        container.path("args").forEach(a -> args.add(a.asText()));
        assertThat(args).as("production mode, realm imported at start").contains("start", "--import-realm")
                .doesNotContain("start-dev").as("the stock image cannot start --optimized").doesNotContain("--optimized");

        // Health on the management interface (port 9000), under the relative path.
        Map<String, String> paths = Map.of("startupProbe", "/health/started", "readinessProbe", "/health/ready",
                "livenessProbe", "/health/live");
        paths.forEach((probe, path) -> {
            JsonNode get = container.path(probe).path("httpGet");
            assertThat(get.path("path").asText()).as(probe).isEqualTo(RELATIVE_PATH + path);
            String port = get.path("port").asText();
            assertThat(keycloak.ports().getOrDefault(port, Variants.portNumber(port))).as(probe + " on the management port")
                    .isEqualTo(Variants.KEYCLOAK_MANAGEMENT);
        });

        // A writable data folder (emptyDir) with the realm mounted read-only in its import folder.
        Map<String, String> mounts = new LinkedHashMap<>();
        container.path("volumeMounts").forEach(m -> mounts.put(m.path("mountPath").asText(), m.path("name").asText()));
        assertThat(mounts).containsKeys(DATA_DIR, IMPORT_DIR);
        JsonNode data = null;
        for (JsonNode v : keycloak.spec().path("volumes")) {
            if (v.path("name").asText().equals(mounts.get(DATA_DIR))) {
                data = v;
            }
        }
        assertThat(data).isNotNull();
        assertThat(data.has("emptyDir")).as(DATA_DIR + " is an emptyDir").isTrue();
        assertThat(clusterRealm(rendered).path("realm").asText()).isNotEmpty();

        // A local cache is only right for one pod, and two versions must not share the database.
        if ("local".equals(options.get("KC_CACHE"))) {
            JsonNode deployment = resource(rendered, "Deployment", keycloak.owner().substring("Deployment ".length()));
            assertThat(deployment.path("spec").path("replicas").asInt(1)).isEqualTo(1);
            assertThat(deployment.path("spec").path("strategy").path("type").asText()).isEqualTo("Recreate");
            assertThat(rendered.ofKind("HorizontalPodAutoscaler"))
                    .noneMatch(h -> h.path("spec").path("scaleTargetRef").path("name").asText().equals("keycloak"));
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void theRealmAndTheEntryPointUseTheIssuersHost(String overlay) {
        Manifests.Rendered rendered = render(overlay);
        URI issuer = URI.create(twdCommon(rendered).get("OIDC_ISSUER"));
        String origin = issuer.getScheme() + "://" + issuer.getAuthority();
        List<String> urls = new ArrayList<>();
        for (JsonNode client : clusterRealm(rendered).path("clients")) {
            String id = client.path("clientId").asText();
            for (String field : List.of("rootUrl", "adminUrl")) {
                if (client.has(field)) {
                    urls.add(id + " " + field + " " + client.path(field).asText());
                }
            }
            for (String field : List.of("redirectUris", "webOrigins")) {
                client.path(field).forEach(u -> urls.add(id + " " + field + " " + u.asText()));
            }
            String logout = client.path("attributes").path("post.logout.redirect.uris").asText("");
            for (String u : logout.isEmpty() ? new String[0] : logout.split("##")) {
                urls.add(id + " post.logout.redirect.uris " + u);
            }
        }
        assertThat(urls).as("twd-web's URLs").anyMatch(u -> u.startsWith("twd-web redirectUris"));
        assertThat(urls).as("every URL of the realm's clients is on " + origin)
                .allMatch(u -> u.substring(u.lastIndexOf(' ') + 1).equals(origin)
                        || u.substring(u.lastIndexOf(' ') + 1).startsWith(origin + "/"));

        String host = issuer.getHost();
        for (JsonNode ingress : rendered.ofKind("Ingress")) {
            for (JsonNode rule : ingress.path("spec").path("rules")) {
                if (rule.has("host")) {
                    assertThat(rule.path("host").asText()).as(Manifests.describe(ingress) + " host").isEqualTo(host);
                }
            }
            for (JsonNode tls : ingress.path("spec").path("tls")) {
                List<String> hosts = new ArrayList<>();
                tls.path("hosts").forEach(h -> hosts.add(h.asText()));
                assertThat(hosts).as(Manifests.describe(ingress) + " TLS hosts").contains(host);
            }
        }
        for (JsonNode route : rendered.ofKind("Route")) {
            JsonNode spec = route.path("spec");
            if (spec.has("host")) {
                assertThat(spec.path("host").asText()).as(Manifests.describe(route) + " host").isEqualTo(host);
            } else {
                assertThat(host).as(Manifests.describe(route) + ": subdomain " + spec.path("subdomain").asText()
                        + " of the apps domain is the issuer's host").startsWith(spec.path("subdomain").asText() + ".");
            }
            assertThat(spec.path("tls").path("termination").asText()).as("https at the router").isNotEmpty();
        }
    }
}
