package io.twd.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The cluster's realm (the ConfigMap's twd-realm.json on plain Kubernetes, the
 * KeycloakRealmImport on OpenShift) is the project's realm {@code identity/realm/twd-realm.json}
 * without its demo users (its service accounts stay) and with twd-web's URLs on the public host,
 * and with each confidential client's secret a placeholder that the variant fills from a Secret:
 * same settings, realm roles and clients (flows, PKCE, client scopes, protocol mappers). And no
 * manifest under {@code k8s/} holds a user with credentials or a literal password or secret: only
 * the example Secrets, which are in no kustomization, have (throw-away) values.
 */
class RealmCopyTest {

    static final List<String> OVERLAYS = Variants.OVERLAYS;
    static final Path PROJECT_REALM = Manifests.REPO.resolve("identity/realm/twd-realm.json");
    /** The client fields that say where the browser comes from: different on the cluster. */
    static final List<String> URL_FIELDS = List.of("rootUrl", "adminUrl", "redirectUris", "webOrigins");
    static final String LOGOUT_URIS = "post.logout.redirect.uris";
    /** A value that Keycloak's realm import replaces with an environment variable's (or a Secret's) value. */
    static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)}");
    /** Names (of fields, variables, options) that hold a password, a secret or a token when they hold a value. */
    static final Pattern SENSITIVE = Pattern.compile("(?i)(passw(or)?d|secret|token)$");
    /**
     * A password given literally on a command line ({@code --db-password=x}, {@code --password x})
     * or in a connection string ({@code password=x}), not from a variable ({@code "$X"}, {@code ${x}}).
     */
    static final Pattern LITERAL_PASSWORD = Pattern.compile(
            "(?i)(--[a-z-]*passw(or)?d(=|\\s+)|passw(or)?d\\s*[=:]\\s*)[\"']?(?![\"'$%{\\s])\\S+");

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The Secrets the manifests expect: a value under a password-like name may be one's name. */
    private static final Set<String> SECRET_NAMES = Manifests.exampleSecrets().keySet();

    static JsonNode projectRealm() {
        try {
            return JSON.readTree(Files.readString(PROJECT_REALM));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, JsonNode> clients(JsonNode realm) {
        Map<String, JsonNode> clients = new LinkedHashMap<>();
        realm.path("clients").forEach(c -> clients.put(c.path("clientId").asText(), c));
        return clients;
    }

    /** @return the service accounts among the realm's users (a user bound to a client, without credentials) */
    static List<JsonNode> serviceAccounts(JsonNode realm) {
        List<JsonNode> accounts = new ArrayList<>();
        realm.path("users").forEach(u -> {
            if (u.has("serviceAccountClientId") && !u.has("credentials")) {
                accounts.add(u);
            }
        });
        return accounts;
    }

    /**
     * What the cluster's client for scripts has instead of the local one's password grant (which
     * bypasses the login page and any second factor): the device authorization grant (RFC 8628).
     */
    static final String DEVICE_GRANT = "oauth2.device.authorization.grant.enabled";

    /**
     * @return the client without the fields that depend on where the browser comes from, nor its
     *         secret, nor (twd-cli) how scripts sign in: the password grant locally, the device
     *         grant on the cluster
     */
    private static JsonNode withoutUrls(JsonNode client) {
        ObjectNode copy = client.deepCopy();
        URL_FIELDS.forEach(copy::remove);
        copy.remove("secret");
        if (copy.path("clientId").asText().equals("twd-cli")) {
            copy.remove(List.of("directAccessGrantsEnabled", "description"));
            if (copy.path("attributes") instanceof ObjectNode attributes) {
                attributes.remove(DEVICE_GRANT);
                if (attributes.isEmpty()) {
                    copy.remove("attributes");
                }
            }
        }
        if (copy.path("attributes") instanceof ObjectNode attributes) {
            attributes.remove(LOGOUT_URIS);
        }
        return copy;
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void theClusterRealmHasTheProjectsRolesAndClients(String overlay) {
        JsonNode cluster = KeycloakTest.clusterRealm(KeycloakTest.render(overlay));
        JsonNode project = projectRealm();
        assertThat(project.path("clients")).as("the project's realm has clients").isNotEmpty();
        assertThat(cluster.path("realm").asText()).isEqualTo(project.path("realm").asText());
        assertThat(cluster.path("users")).as("the cluster's realm has no users but the service accounts (no passwords"
                + " in manifests)").containsExactlyInAnyOrderElementsOf(serviceAccounts(project));
        assertThat(serviceAccounts(project)).as("the order service's account").isNotEmpty();

        assertThat(cluster.path("roles")).as("roles (realm roles customer, manager, staff)").isEqualTo(project.path("roles"));

        Map<String, JsonNode> clusterClients = clients(cluster);
        Map<String, JsonNode> projectClients = clients(project);
        assertThat(clusterClients.keySet()).as("clients").containsExactlyElementsOf(projectClients.keySet());
        projectClients.forEach((id, expected) -> {
            JsonNode actual = clusterClients.get(id);
            for (String field : List.of("publicClient", "standardFlowEnabled", "implicitFlowEnabled",
                    "serviceAccountsEnabled", "defaultClientScopes", "optionalClientScopes", "protocolMappers")) {
                assertThat(actual.path(field)).as(id + " " + field).isEqualTo(expected.path(field));
            }
            assertThat(actual.path("attributes").path("pkce.code.challenge.method"))
                    .as(id + " PKCE").isEqualTo(expected.path("attributes").path("pkce.code.challenge.method"));
            assertThat(withoutUrls(actual)).as(id + ", apart from its URLs").isEqualTo(withoutUrls(expected));
            // the password grant bypasses the login page (and any second factor): the local demo only
            assertThat(actual.path("directAccessGrantsEnabled").asBoolean(false)).as(id + ": no password grant on the cluster")
                    .isFalse();
            if (id.equals("twd-cli")) {
                assertThat(expected.path("directAccessGrantsEnabled").asBoolean()).as("the local twd-cli keeps it").isTrue();
                assertThat(actual.path("attributes").path(DEVICE_GRANT).asText()).as("twd-cli signs in with the device grant")
                        .isEqualTo("true");
            } else {
                assertThat(actual.path("directAccessGrantsEnabled")).isEqualTo(expected.path("directAccessGrantsEnabled"));
            }
            if (!expected.path("publicClient").asBoolean(true)) {
                assertThat(actual.path("secret").asText()).as(id + "'s secret: a placeholder filled from a Secret")
                        .matches(PLACEHOLDER);
            }
        });

        // Everything else of the realm (token lifespans, brute-force protection, locales, ...).
        ObjectNode clusterRest = cluster.deepCopy();
        ObjectNode projectRest = project.deepCopy();
        for (String field : List.of("clients", "roles", "users")) {
            clusterRest.remove(field);
            projectRest.remove(field);
        }
        assertThat(clusterRest).as("the realm's settings").isEqualTo(projectRest);
    }

    @Test
    void theProjectsRealmIsWhatThisTestExpects() {
        // The comparison above means something only if the project's realm is the one described.
        JsonNode project = projectRealm();
        assertThat(project.path("roles").path("realm").findValuesAsText("name")).containsExactlyInAnyOrder("customer",
                "manager", "staff", "order-service");
        Map<String, JsonNode> clients = clients(project);
        assertThat(clients).containsKeys("twd-web", "twd-cli", "twd-order");
        // the order service's identity: a confidential client whose service account alone has its role
        assertThat(clients.get("twd-order").path("publicClient").asBoolean(true)).isFalse();
        assertThat(clients.get("twd-order").path("serviceAccountsEnabled").asBoolean()).isTrue();
        assertThat(project.path("users")).filteredOn(u -> u.path("realmRoles").toString().contains("order-service"))
                .extracting(u -> u.path("serviceAccountClientId").asText()).containsExactly("twd-order");
        assertThat(clients.get("twd-web").path("attributes").path("pkce.code.challenge.method").asText()).isEqualTo("S256");
        for (JsonNode client : clients.values()) {
            assertThat(client.path("defaultClientScopes").toString()).contains("microprofile-jwt");
            assertThat(client.path("protocolMappers").findValuesAsText("protocolMapper")).contains("oidc-audience-mapper");
        }
    }

    /**
     * The realm's sign-in hardening, in the project's realm and so (by the comparison above) the
     * cluster's: brute-force protection that locks an account for a while only (a stranger who
     * types wrong passwords cannot lock a customer out for good, nor for long), refresh tokens
     * that rotate (each used once), no offline tokens for the web front end, and redirect URIs that
     * are exact (no wildcard a crafted path could match).
     */
    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void theRealmLocksOutForAWhileOnlyRotatesRefreshTokensAndRedirectsExactly(String overlay) {
        for (JsonNode realm : List.of(projectRealm(), KeycloakTest.clusterRealm(KeycloakTest.render(overlay)))) {
            assertThat(realm.path("bruteForceProtected").asBoolean()).as("brute-force protection").isTrue();
            assertThat(realm.path("permanentLockout").asBoolean(true)).as("no permanent lockout").isFalse();
            assertThat(realm.path("maxTemporaryLockouts").asInt(-1)).as("temporary lockouts never turn permanent").isZero();
            assertThat(realm.path("maxFailureWaitSeconds").asInt(Integer.MAX_VALUE)).as("longest lockout, s")
                    .isPositive().isLessThanOrEqualTo(900);
            assertThat(realm.path("waitIncrementSeconds").asInt()).isPositive()
                    .isLessThanOrEqualTo(realm.path("maxFailureWaitSeconds").asInt());
            assertThat(realm.path("minimumQuickLoginWaitSeconds").asInt(Integer.MAX_VALUE)).isLessThanOrEqualTo(60);
            assertThat(realm.path("revokeRefreshToken").asBoolean()).as("refresh tokens rotate").isTrue();
            assertThat(realm.path("refreshTokenMaxReuse").asInt(-1)).as("each used once").isZero();
            for (JsonNode client : realm.path("clients")) {
                String id = client.path("clientId").asText();
                List<String> uris = new ArrayList<>();
                client.path("redirectUris").forEach(u -> uris.add(u.asText()));
                String logout = client.path("attributes").path(LOGOUT_URIS).asText("");
                uris.addAll(logout.isEmpty() ? List.of() : List.of(logout.split("##")));
                assertThat(uris).as(id + "'s redirect URIs are exact").noneMatch(u -> u.contains("*"));
                if (client.path("publicClient").asBoolean() && client.path("standardFlowEnabled").asBoolean()) {
                    assertThat(client.path("defaultClientScopes").toString() + client.path("optionalClientScopes"))
                            .as(id + " (a browser's client) may not ask for offline tokens").doesNotContain("offline_access");
                }
            }
        }
    }

    /**
     * @return every manifest and configuration file under k8s/ that kustomizations use or could
     *         use, except the example Secrets
     */
    static List<Path> scannedFiles() {
        try (Stream<Path> files = Files.walk(Manifests.K8S)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> f.toString().matches(".*\\.(ya?ml|json|xml)$"))
                    .filter(f -> !Manifests.K8S.relativize(f).startsWith("target") && !Manifests.K8S.relativize(f).startsWith("src"))
                    .filter(f -> !f.equals(Manifests.K8S.resolve("secrets/example-secrets.yaml")))
                    .filter(f -> !f.equals(Manifests.K8S.resolve("pom.xml")))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param file a YAML, JSON or XML file
     * @return the credentials it holds: users with credentials, Secrets, literal passwords
     */
    static List<String> credentialsIn(Path file) {
        String where = Manifests.K8S.relativize(file).toString();
        List<String> found = new ArrayList<>();
        try {
            if (file.toString().endsWith(".xml")) {
                Matcher m = Pattern.compile("(?i)passw(or)?d\\s*=\\s*\"(?!\\$\\{)([^\"]+)\"").matcher(Files.readString(file));
                while (m.find()) {
                    found.add(where + ": literal password " + m.group());
                }
                return found;
            }
            List<JsonNode> docs = file.toString().endsWith(".json") ? List.of(JSON.readTree(Files.readString(file)))
                    : Manifests.read(file);
            for (JsonNode doc : docs) {
                if (doc.path("kind").asText().equals("Secret")) {
                    found.add(where + ": Secret " + doc.path("metadata").path("name").asText()
                            + " (create Secrets with kubectl, see README.md)");
                }
                scan(doc, where + " " + Manifests.describe(doc).trim(), found);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    private static void scan(JsonNode node, String path, List<String> found) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                scan(node.get(i), path + "[" + i + "]", found);
            }
            return;
        }
        if (node.isTextual()) {
            Matcher m = LITERAL_PASSWORD.matcher(node.asText());
            if (m.find()) {
                found.add(path + ": literal password in \"" + m.group() + "\"");
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        // An environment variable, a Keycloak option or a realm attribute: {name, value}.
        if (node.has("name") && node.path("value").isValueNode() && SENSITIVE.matcher(node.path("name").asText()).find()) {
            found.add(path + ": " + node.path("name").asText() + " has a literal value (use a secretKeyRef)");
        }
        Set<String> secretNames = SECRET_NAMES;
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            String at = path + "." + key;
            if (key.equals("users") && value.isArray() && !value.isEmpty()) {
                for (JsonNode user : value) {
                    if (user.has("serviceAccountClientId") && !user.has("credentials")) {
                        continue; // a client's service account: no password
                    }
                    found.add(at + ": user " + user.path("username").asText()
                            + (user.has("credentials") ? " with credentials" : ""));
                }
            } else if (key.equals("credentials")) {
                found.add(at + ": credentials");
            } else if (SENSITIVE.matcher(key).find() && (value.isTextual() || value.isNumber()) && !value.asText().isEmpty()
                    && !secretNames.contains(value.asText()) && !PLACEHOLDER.matcher(value.asText()).matches()) {
                // A value under a password-like name that is not the name of one of the Secrets.
                found.add(at + ": literal value under " + key);
            }
            if (!(value instanceof ArrayNode) || !key.equals("users")) {
                scan(value, at, found);
            }
        }
    }

    @Test
    void noManifestHoldsUsersWithCredentialsOrALiteralPassword() {
        List<Path> files = scannedFiles();
        assertThat(files).as("files scanned").contains(Manifests.K8S.resolve("components/keycloak/twd-realm.json"),
                Manifests.K8S.resolve("overlays/openshift/keycloak.yaml"));
        List<String> found = new ArrayList<>();
        files.forEach(f -> found.addAll(credentialsIn(f)));
        assertThat(found).isEmpty();
    }

    @Test
    void theScanFindsUsersPasswordsAndSecrets() throws IOException {
        // The project's local realm holds demo users with passwords: the scan must see them.
        List<String> local = credentialsIn(PROJECT_REALM);
        assertThat(local).anyMatch(f -> f.contains("user kim with credentials"));
        // And literal passwords in the forms a manifest could hold them.
        Path manifest = Files.createTempFile(Manifests.K8S.resolve("target"), "scan", ".yaml");
        try {
            Files.writeString(manifest, """
                    apiVersion: v1
                    kind: Secret
                    metadata: {name: leaked}
                    stringData: {password: hunter2}
                    ---
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: x}
                    spec:
                      template:
                        spec:
                          containers:
                            - name: x
                              args: ["start", "--db-password=hunter2"]
                              env:
                                - {name: KC_BOOTSTRAP_ADMIN_PASSWORD, value: hunter2}
                                - {name: DB_PASSWORD, valueFrom: {secretKeyRef: {name: keycloak-db, key: password}}}
                    ---
                    apiVersion: k8s.keycloak.org/v2alpha1
                    kind: Keycloak
                    metadata: {name: x}
                    spec:
                      bootstrapAdmin: {user: {secret: keycloak-admin}}
                      additionalOptions: [{name: db-password, value: hunter2}]
                    ---
                    apiVersion: k8s.keycloak.org/v2alpha1
                    kind: KeycloakRealmImport
                    metadata: {name: x}
                    spec:
                      realm:
                        clients: [{clientId: c, secret: s3cret}]
                    """);
            assertThat(credentialsIn(manifest)).hasSize(6).anyMatch(f -> f.contains("Secret leaked"))
                    .anyMatch(f -> f.contains("stringData.password")).anyMatch(f -> f.contains("--db-password=hunter2"))
                    .anyMatch(f -> f.contains("KC_BOOTSTRAP_ADMIN_PASSWORD has a literal value"))
                    .anyMatch(f -> f.contains("db-password has a literal value")).anyMatch(f -> f.contains("clients[0].secret"));
        } finally {
            Files.delete(manifest);
        }
        // The broker's command passes its password from a variable: not a finding.
        assertThat(credentialsIn(Manifests.K8S.resolve("base/broker.yaml"))).isEmpty();
    }
}
