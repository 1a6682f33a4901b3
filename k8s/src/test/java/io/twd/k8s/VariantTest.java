package io.twd.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.twd.k8s.Variants.Pods;
import io.twd.k8s.Variants.Svc;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Each variant (overlay), rendered, is consistent and does what the design asks: workloads
 * with the three probes, resources and fixed image tags, running unprivileged; services that
 * quiesce before they stop; every reference resolves (Services to pods and ports, autoscalers to
 * workloads, entry routes to Services, ConfigMaps and Secrets with their keys); network policies
 * select pods and ports and open exactly the design's paths; the entry point has the gateway's
 * route table and Keycloak's.
 */
class VariantTest {

    static final List<String> OVERLAYS = Variants.OVERLAYS;
    /** The Service without pods that paths the gateway does not route are sent to. */
    static final String NOT_ROUTED = "not-routed";
    /** Keycloak's path on the entry point (its http-relative-path), and what of it is routed: realm twd, the login page's files. */
    static final String AUTH = "/auth";
    static final String AUTH_REALM = "/auth/realms/twd";
    static final String AUTH_RESOURCES = "/auth/resources";
    /** The web front end: its pods and Service, and its path on the entry point. */
    static final String WEB = "web";
    static final String WEB_PATH = "/";
    /** The image the web front end runs (gateway/Containerfile). */
    static final String GATEWAY_IMAGE = "twd/gateway";
    /** Where OpenShift's user-workload monitoring runs its Prometheus (components/monitoring). */
    static final String MONITORING_NAMESPACE = "openshift-user-workload-monitoring";

    private static Manifests.Rendered render(String overlay) {
        Manifests.Rendered rendered = Manifests.render(Manifests.K8S.resolve("overlays").resolve(overlay));
        assertThat(rendered.problems()).as(overlay).isEmpty();
        return rendered;
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void workloadsHaveProbesResourcesAndFixedImages(String overlay) {
        Manifests.Rendered rendered = render(overlay);
        List<String> problems = new ArrayList<>();
        for (Pods pods : Variants.pods(rendered)) {
            JsonNode spec = pods.spec();
            List<JsonNode> containers = new ArrayList<>();
            if (pods.owner().startsWith("OpenLibertyApplication")) {
                containers.add(spec);
                checkImage(pods.owner(), spec.path("applicationImage").asText(), problems);
                checkProbes(pods.owner(), spec.path("probes"), "startup", "readiness", "liveness", problems);
            } else if (pods.owner().startsWith("KeycloakRealmImport")) {
                continue; // a Job from the Keycloak's pod template: image and resources are the Keycloak's
            } else if (pods.owner().startsWith("Keycloak ")) {
                containers.add(spec);
                checkImage(pods.owner(), spec.path("image").asText(), problems);
                // The operator sets the three probes, on the management interface, while health is on.
                for (JsonNode option : spec.path("additionalOptions")) {
                    if (option.path("name").asText().equals("health-enabled") && option.path("value").asText().equals("false")) {
                        problems.add(pods.owner() + ": health-enabled=false leaves the operator's probes failing");
                    }
                }
            } else {
                spec.path("containers").forEach(containers::add);
                for (JsonNode c : containers) {
                    checkImage(pods.owner(), c.path("image").asText(), problems);
                    checkProbes(pods.owner() + " " + c.path("name").asText(), c,
                            "startupProbe", "readinessProbe", "livenessProbe", problems);
                }
            }
            for (JsonNode c : containers) {
                for (String bound : List.of("requests", "limits")) {
                    for (String resource : List.of("cpu", "memory")) {
                        if (c.path("resources").path(bound).path(resource).asText().isEmpty()) {
                            problems.add(pods.owner() + ": no resources." + bound + "." + resource);
                        }
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(Variants.pods(rendered)).extracting(Variants::app).contains("shop", "order", "delivery",
                "message", "mypage", "broker", "shop-db", "order-db", "delivery-db", "message-db", "mypage-db",
                "keycloak", "keycloak-db", WEB);
    }

    /**
     * The pods this project defines (Deployments, StatefulSets) run as in Kubernetes' restricted
     * Pod Security Standard: non-root, seccomp RuntimeDefault, no privilege escalation, every
     * capability dropped, no service account token. (The operators' pods are the operators'.)
     */
    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void workloadsRunUnprivileged(String overlay) {
        Manifests.Rendered rendered = render(overlay);
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Pods pods : Variants.pods(rendered)) {
            if (!pods.owner().startsWith("Deployment") && !pods.owner().startsWith("StatefulSet")) {
                continue;
            }
            checked++;
            JsonNode spec = pods.spec();
            JsonNode pod = spec.path("securityContext");
            if (!pod.path("runAsNonRoot").asBoolean(false)) {
                problems.add(pods.owner() + ": securityContext.runAsNonRoot is not true");
            }
            if (pod.has("runAsUser") && pod.path("runAsUser").asLong() == 0) {
                problems.add(pods.owner() + ": runs as root");
            }
            if (spec.path("automountServiceAccountToken").asBoolean(true)) {
                problems.add(pods.owner() + ": mounts a service account token it does not need");
            }
            for (String field : List.of("hostNetwork", "hostPID", "hostIPC")) {
                if (spec.path(field).asBoolean(false)) {
                    problems.add(pods.owner() + ": " + field);
                }
            }
            List<JsonNode> containers = new ArrayList<>();
            spec.path("containers").forEach(containers::add);
            spec.path("initContainers").forEach(containers::add);
            for (JsonNode c : containers) {
                String owner = pods.owner() + " " + c.path("name").asText();
                JsonNode context = c.path("securityContext");
                String seccomp = context.path("seccompProfile").path("type").asText(pod.path("seccompProfile").path("type").asText());
                if (!seccomp.equals("RuntimeDefault")) {
                    problems.add(owner + ": seccompProfile " + seccomp + ", not RuntimeDefault");
                }
                if (context.path("allowPrivilegeEscalation").asBoolean(true)) {
                    problems.add(owner + ": allowPrivilegeEscalation is not false");
                }
                if (context.path("privileged").asBoolean(false)) {
                    problems.add(owner + ": privileged");
                }
                if (context.path("runAsNonRoot").isBoolean() && !context.path("runAsNonRoot").asBoolean()) {
                    problems.add(owner + ": runAsNonRoot false");
                }
                List<String> dropped = new ArrayList<>();
                context.path("capabilities").path("drop").forEach(d -> dropped.add(d.asText()));
                if (!dropped.contains("ALL")) {
                    problems.add(owner + ": does not drop ALL capabilities");
                }
                if (!context.path("capabilities").path("add").isEmpty()) {
                    problems.add(owner + ": adds capabilities " + context.path("capabilities").path("add"));
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(checked).as("workloads checked").isGreaterThanOrEqualTo(8);
    }

    private static void checkImage(String owner, String image, List<String> problems) {
        String tag = Manifests.imageTag(image);
        if (tag == null || tag.isBlank() || tag.equals("latest")) {
            problems.add(owner + ": image " + image + " has no fixed tag");
        }
    }

    private static void checkProbes(String owner, JsonNode holder, String startup, String readiness, String liveness,
                                    List<String> problems) {
        for (String probe : List.of(startup, readiness, liveness)) {
            if (!holder.path(probe).isObject()) {
                problems.add(owner + ": no " + probe);
            }
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void servicesProbeLibertyHealthAndQuiesceBeforeStopping(String overlay) {
        Manifests.Rendered rendered = render(overlay);
        for (Pods pods : Variants.pods(rendered)) {
            if (!Manifests.SERVICES.containsKey(Variants.app(pods))) {
                continue;
            }
            boolean operator = pods.owner().startsWith("OpenLibertyApplication");
            JsonNode probes = operator ? pods.spec().path("probes") : pods.spec().path("containers").get(0);
            Map<String, String> expected = Map.of("startup", "/health/started", "readiness", "/health/ready",
                    "liveness", "/health/live");
            expected.forEach((probe, path) -> {
                JsonNode get = probes.path(operator ? probe : probe + "Probe").path("httpGet");
                assertThat(get.path("path").asText()).as(pods.owner() + " " + probe).isEqualTo(path);
                // on the service's own port, by number or by the container port's name
                JsonNode port = get.path("port");
                int number = port.isInt() ? port.asInt() : pods.ports().getOrDefault(port.asText(), -1);
                assertThat(number).as(pods.owner() + " " + probe + " port " + port)
                        .isEqualTo(Manifests.SERVICES.get(Variants.app(pods)));
            });
            if (pods.owner().startsWith("Deployment")) {
                List<String> words = new ArrayList<>();
                pods.spec().path("containers").get(0).path("lifecycle").path("preStop").path("exec").path("command")
                        .forEach(w -> words.add(w.asText()));
                String sleep = String.join(" ", words).replaceAll(".*sleep (\\d+).*", "$1");
                assertThat(sleep).as(pods.owner() + ": preStop " + words + " pauses").matches("\\d+");
                int grace = pods.spec().path("terminationGracePeriodSeconds").asInt();
                assertThat(grace).as(pods.owner() + ": preStop pause + 30 s for Liberty to quiesce")
                        .isGreaterThanOrEqualTo(Integer.parseInt(sleep) + 30);
            }
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void servicesSelectPodsAndTheirPorts(String overlay) {
        Manifests.Rendered rendered = render(overlay);
        List<Pods> pods = Variants.pods(rendered);
        List<String> problems = new ArrayList<>();
        for (Svc service : Variants.services(rendered)) {
            if (service.name().equals(NOT_ROUTED)) {
                assertThat(service.selector()).as("Service " + NOT_ROUTED + " has no pods on purpose").isEmpty();
                continue;
            }
            List<Pods> selected = pods.stream().filter(p -> !service.selector().isEmpty()
                    && service.selector().entrySet().stream().allMatch(e -> e.getValue().equals(p.labels().get(e.getKey()))))
                    .toList();
            if (selected.isEmpty()) {
                problems.add("Service " + service.name() + " selects no Deployment or StatefulSet");
                continue;
            }
            for (Pods p : selected) {
                for (String[] port : service.ports().values()) {
                    String target = port[1];
                    if (!p.ports().containsKey(target) && !p.ports().containsValue(Variants.portNumber(target))) {
                        problems.add("Service " + service.name() + ": targetPort " + target + " is no port of " + p.owner());
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void autoscalersAndDisruptionBudgetsTargetWorkloads(String overlay) {
        Manifests.Rendered rendered = render(overlay);
        List<Pods> pods = Variants.pods(rendered);
        for (JsonNode hpa : rendered.ofKind("HorizontalPodAutoscaler")) {
            JsonNode target = hpa.path("spec").path("scaleTargetRef");
            assertThat(rendered.has(target.path("kind").asText(), target.path("name").asText()))
                    .as(Manifests.describe(hpa) + " targets " + target).isTrue();
            assertThat(hpa.path("apiVersion").asText()).isEqualTo("autoscaling/v2");
            assertThat(hpa.path("spec").path("metrics").findValuesAsText("name")).contains("cpu");
        }
        for (JsonNode pdb : rendered.ofKind("PodDisruptionBudget")) {
            assertThat(Variants.selected(pods, pdb.path("spec").path("selector"))).as(Manifests.describe(pdb)).isNotEmpty();
        }
        Set<String> scaled = new TreeSet<>();
        rendered.ofKind("HorizontalPodAutoscaler").forEach(h -> scaled.add(h.path("spec").path("scaleTargetRef").path("name").asText()));
        rendered.ofKind("OpenLibertyApplication").stream().filter(a -> a.path("spec").has("autoscaling"))
                .forEach(a -> scaled.add(a.path("metadata").path("name").asText()));
        assertThat(scaled).as("autoscaled services").containsExactlyInAnyOrderElementsOf(Manifests.SERVICES.keySet());
        Set<String> budgets = new TreeSet<>();
        rendered.ofKind("PodDisruptionBudget").forEach(p -> budgets.add(p.path("metadata").path("name").asText()));
        assertThat(budgets).containsAll(Manifests.SERVICES.keySet());
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void configMapsAndSecretsThatPodsUseExist(String overlay) {
        Manifests.Rendered rendered = render(overlay);
        Map<String, Set<String>> configMaps = new TreeMap<>();
        for (JsonNode map : rendered.ofKind("ConfigMap")) {
            configMaps.put(map.path("metadata").path("name").asText(), new TreeSet<>(Variants.strings(map.path("data")).keySet()));
        }
        Map<String, Set<String>> secrets = Manifests.exampleSecrets();
        List<String> problems = new ArrayList<>();
        for (Pods pods : Variants.pods(rendered)) {
            List<JsonNode> holders = new ArrayList<>();
            if (pods.owner().startsWith("OpenLibertyApplication")) {
                holders.add(pods.spec());
            } else {
                pods.spec().path("containers").forEach(holders::add);
            }
            for (JsonNode c : holders) {
                for (JsonNode from : c.path("envFrom")) {
                    refer(pods.owner(), configMaps, from.path("configMapRef").path("name"), null, problems);
                    refer(pods.owner(), secrets, from.path("secretRef").path("name"), null, problems);
                }
                for (JsonNode env : c.path("env")) {
                    JsonNode cm = env.path("valueFrom").path("configMapKeyRef");
                    refer(pods.owner(), configMaps, cm.path("name"), cm.path("key"), problems);
                    JsonNode secret = env.path("valueFrom").path("secretKeyRef");
                    refer(pods.owner(), secrets, secret.path("name"), secret.path("key"), problems);
                }
            }
            for (JsonNode volume : pods.spec().path("volumes")) {
                refer(pods.owner(), configMaps, volume.path("configMap").path("name"), null, problems);
                refer(pods.owner(), secrets, volume.path("secret").path("secretName"), null, problems);
            }
            if (pods.owner().startsWith("Keycloak ")) {
                // What the Keycloak Operator reads: the database's and the bootstrap admin's Secrets.
                JsonNode db = pods.spec().path("db");
                for (String ref : List.of("usernameSecret", "passwordSecret")) {
                    refer(pods.owner(), secrets, db.path(ref).path("name"), db.path(ref).path("key"), problems);
                }
                for (String key : List.of("username", "password")) {
                    refer(pods.owner(), secrets, pods.spec().path("bootstrapAdmin").path("user").path("secret"),
                            com.fasterxml.jackson.databind.node.TextNode.valueOf(key), problems);
                }
                for (String list : List.of("additionalOptions", "env")) {
                    for (JsonNode option : pods.spec().path(list)) {
                        refer(pods.owner(), secrets, option.path("secret").path("name"), option.path("secret").path("key"), problems);
                    }
                }
            }
        }
        for (JsonNode realmImport : rendered.ofKind("KeycloakRealmImport")) {
            String keycloak = realmImport.path("spec").path("keycloakCRName").asText();
            if (!rendered.has("Keycloak", keycloak)) {
                problems.add(Manifests.describe(realmImport) + " refers to Keycloak " + keycloak + ", which does not exist");
            }
        }
        assertThat(problems).isEmpty();
        // What each service needs to find the others, the broker, its database and the token issuer.
        assertThat(configMaps.get("twd-common")).contains("DB_KIND", "BROKER_HOST", "BROKER_PORT", "HTTP_HOST",
                "DELIVERY_URL", "SHOP_URL", "OIDC_ISSUER", "OIDC_JWKS_URL", "OIDC_AUDIENCE");
        assertThat(rendered.ofKind("ConfigMap").stream().filter(m -> m.path("metadata").path("name").asText().equals("twd-common"))
                .findFirst().orElseThrow().path("data").path("DB_KIND").asText()).isEqualTo("postgresql");
        for (String service : Manifests.SERVICES.keySet()) {
            assertThat(configMaps.get(service + "-config")).as(service).contains("DB_HOST", "DB_NAME");
        }
        assertThat(configMaps.get("order-config")).contains("ORDER_DELIVERY_TIMEOUT_MS", "ORDER_DELIVERY_CIRCUIT_DELAY_MS");
    }

    /**
     * Every service, in every variant, gets the tracing configuration: the OpenTelemetry SDK on
     * (OTEL_SDK_DISABLED=false), traces exported by OTLP to the collector, metrics and logs not
     * pushed (Prometheus scrapes /metrics, logs are JSON on the console), and its own name as
     * OTEL_SERVICE_NAME, whether the variant passes its environment in a Deployment or an
     * OpenLibertyApplication.
     */
    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void servicesExportTracesUnderTheirOwnName(String overlay) {
        Manifests.Rendered rendered = render(overlay);
        Map<String, Map<String, String>> configMaps = new TreeMap<>();
        for (JsonNode map : rendered.ofKind("ConfigMap")) {
            configMaps.put(map.path("metadata").path("name").asText(), Variants.strings(map.path("data")));
        }
        Set<String> checked = new TreeSet<>();
        for (Pods pods : Variants.pods(rendered)) {
            String service = Variants.app(pods);
            if (!Manifests.SERVICES.containsKey(service)) {
                continue;
            }
            JsonNode holder = pods.owner().startsWith("OpenLibertyApplication") ? pods.spec() : pods.spec().path("containers").get(0);
            Map<String, String> env = new TreeMap<>();
            for (JsonNode from : holder.path("envFrom")) {
                env.putAll(configMaps.getOrDefault(from.path("configMapRef").path("name").asText(), Map.of()));
            }
            for (JsonNode e : holder.path("env")) {
                JsonNode ref = e.path("valueFrom").path("configMapKeyRef");
                String value = e.has("value") ? e.path("value").asText()
                        : configMaps.getOrDefault(ref.path("name").asText(), Map.of()).get(ref.path("key").asText());
                if (value != null) {
                    env.put(e.path("name").asText(), value);
                }
            }
            String owner = overlay + " " + pods.owner();
            assertThat(env).as(owner).containsEntry("OTEL_SDK_DISABLED", "false").containsEntry("OTEL_TRACES_EXPORTER", "otlp")
                    .containsEntry("OTEL_METRICS_EXPORTER", "none").containsEntry("OTEL_LOGS_EXPORTER", "none")
                    .containsEntry("OTEL_SERVICE_NAME", service).containsEntry("LOG_FORMAT", "JSON");
            String protocol = env.get("OTEL_EXPORTER_OTLP_PROTOCOL");
            assertThat(protocol).as(owner + ": OTEL_EXPORTER_OTLP_PROTOCOL").isIn("grpc", "http/protobuf");
            assertThat(env.get("OTEL_EXPORTER_OTLP_ENDPOINT")).as(owner + ": the collector, on OTLP's port for " + protocol)
                    .matches("https?://[a-z0-9.-]+:" + (protocol.equals("grpc") ? "4317" : "4318"));
            checked.add(service);
        }
        assertThat(checked).as("services checked").isEqualTo(Manifests.SERVICES.keySet());
    }

    private static void refer(String owner, Map<String, Set<String>> existing, JsonNode name, JsonNode key,
                              List<String> problems) {
        if (name.isMissingNode()) {
            return;
        }
        Set<String> keys = existing.get(name.asText());
        if (keys == null) {
            problems.add(owner + " refers to " + name.asText() + ", which does not exist");
        } else if (key != null && !key.isMissingNode() && !keys.contains(key.asText())) {
            problems.add(owner + " refers to key " + key.asText() + " of " + name.asText() + ", which has " + keys);
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void networkPoliciesSelectPodsAndOpenExactlyTheDesignsPaths(String overlay) {
        Manifests.Rendered rendered = render(overlay);
        List<Pods> pods = Variants.pods(rendered);
        Set<String> edges = new TreeSet<>();
        boolean defaultDeny = false;
        for (JsonNode policy : rendered.ofKind("NetworkPolicy")) {
            JsonNode spec = policy.path("spec");
            List<Pods> targets = Variants.selected(pods, spec.path("podSelector"));
            assertThat(targets).as(Manifests.describe(policy) + " selects pods").isNotEmpty();
            if (spec.path("podSelector").isEmpty() && !spec.has("ingress")) {
                defaultDeny |= spec.path("policyTypes").toString().contains("Ingress");
            }
            for (JsonNode rule : spec.path("ingress")) {
                assertThat(rule.has("from")).as(Manifests.describe(policy) + ": a rule without from opens to all").isTrue();
                assertThat(rule.has("ports")).as(Manifests.describe(policy) + ": a rule without ports opens all").isTrue();
                for (JsonNode port : rule.path("ports")) {
                    for (Pods target : targets) {
                        if (target.ports().isEmpty()) {
                            continue; // serves nothing (the realm-import Job)
                        }
                        String p = port.path("port").asText();
                        assertThat(target.ports().containsKey(p) || target.ports().containsValue(Variants.portNumber(p)))
                                .as(Manifests.describe(policy) + " opens port " + p + ", which " + target.owner() + " does not have")
                                .isTrue();
                    }
                }
                for (JsonNode peer : rule.path("from")) {
                    List<String> sources;
                    if (peer.has("namespaceSelector")) {
                        assertThat(peer.has("podSelector")).isFalse();
                        // The monitoring Prometheus's namespace, or else the ingress controller's.
                        boolean monitoring = MONITORING_NAMESPACE.equals(peer.path("namespaceSelector").path("matchLabels")
                                .path("kubernetes.io/metadata.name").asText());
                        sources = List.of(monitoring ? "monitoring" : "ingress-controller");
                    } else {
                        List<Pods> from = Variants.selected(pods, peer.path("podSelector"));
                        assertThat(from).as(Manifests.describe(policy) + " peer " + peer + " selects pods").isNotEmpty();
                        sources = from.stream().map(Variants::app).toList();
                    }
                    for (String source : sources) {
                        for (Pods target : targets) {
                            edges.add(source + " -> " + Variants.app(target));
                        }
                    }
                }
            }
        }
        assertThat(defaultDeny).as("a default-deny ingress policy").isTrue();
        Set<String> design = new TreeSet<>();
        for (String service : Manifests.SERVICES.keySet()) {
            design.add(WEB + " -> " + service); // the gateway's routes
            design.add(service + " -> broker");
            design.add(service + " -> " + service + "-db");
        }
        design.add("ingress-controller -> " + WEB); // the gateway: the page and the API paths
        design.add("order -> delivery");
        design.add("order -> shop");
        // Sign-in: the browser reaches Keycloak through the entry point, the services fetch its keys.
        design.add("ingress-controller -> keycloak");
        Manifests.SERVICES.keySet().forEach(service -> design.add(service + " -> keycloak"));
        design.add("keycloak -> keycloak-db");
        if (!rendered.ofKind("KeycloakRealmImport").isEmpty()) {
            design.add(Variants.REALM_IMPORT_APP + " -> keycloak-db"); // the operator's import Job
        }
        if (!rendered.ofKind("ServiceMonitor").isEmpty()) {
            // Prometheus scrapes the services' /metrics and the broker's exporter.
            Manifests.SERVICES.keySet().forEach(service -> design.add("monitoring -> " + service));
            design.add("monitoring -> broker");
        }
        assertThat(edges).containsExactlyInAnyOrderElementsOf(design);
    }

    /**
     * The entry point's table: path prefix to Service, from the Ingresses' rules or the Routes.
     *
     * @param rendered a rendered overlay
     * @param problems where a route to a Service or port that does not exist is reported
     * @return every route's path to its Service
     */
    static Map<String, String> entryRoutes(Manifests.Rendered rendered, List<String> problems) {
        Map<String, Svc> services = new LinkedHashMap<>();
        Variants.services(rendered).forEach(s -> services.put(s.name(), s));
        Map<String, String> routes = new TreeMap<>();
        for (JsonNode ingress : rendered.ofKind("Ingress")) {
            for (JsonNode rule : ingress.path("spec").path("rules")) {
                for (JsonNode path : rule.path("http").path("paths")) {
                    JsonNode backend = path.path("backend").path("service");
                    routes.put(path.path("path").asText(), backend.path("name").asText());
                    Svc service = services.get(backend.path("name").asText());
                    if (service == null) {
                        problems.add("Ingress route " + path.path("path").asText() + " to unknown Service " + backend.path("name").asText());
                    } else if (service.ports().values().stream().noneMatch(p -> p[0].equals(backend.path("port").path("number").asText()))
                            && !service.ports().containsKey(backend.path("port").path("name").asText())) {
                        problems.add("Ingress route " + path.path("path").asText() + " to a port Service " + service.name() + " lacks");
                    }
                }
            }
        }
        for (JsonNode route : rendered.ofKind("Route")) {
            JsonNode spec = route.path("spec");
            routes.put(spec.path("path").asText(), spec.path("to").path("name").asText());
            Svc service = services.get(spec.path("to").path("name").asText());
            String port = spec.path("port").path("targetPort").asText();
            if (service == null) {
                problems.add("Route " + spec.path("path").asText() + " to unknown Service " + spec.path("to").path("name").asText());
            } else if (!service.ports().containsKey(port) && service.ports().values().stream().noneMatch(p -> p[1].equals(port))) {
                problems.add("Route " + spec.path("path").asText() + " to a port Service " + service.name() + " lacks: " + port);
            }
        }
        return routes;
    }

    /**
     * The entry point sends everything to the gateway but Keycloak's realm twd and login page
     * files: no route reaches a service (the gateway does, with its own table), and the internal
     * /deliveries/requests goes nowhere even before the gateway. The gateway's table is the local
     * gateway's (one template), and its upstreams are the services' Services on their ports.
     */
    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void theEntryPointSendsEverythingButKeycloakToTheGateway(String overlay) {
        Manifests.Rendered rendered = render(overlay);
        List<String> problems = new ArrayList<>();
        Map<String, String> routes = entryRoutes(rendered, problems);
        assertThat(problems).isEmpty();
        Pods keycloak = Variants.keycloak(rendered);
        List<String> keycloakServices = Variants.servicesOf(rendered, keycloak).stream().map(Svc::name).toList();
        assertThat(keycloakServices).as("Services of " + keycloak.owner()).hasSize(1);
        Pods web = webFrontEnd(rendered);
        List<String> webServices = Variants.servicesOf(rendered, web).stream().map(Svc::name).toList();
        assertThat(webServices).as("Services of " + web.owner()).hasSize(1);
        assertThat(routes).containsExactlyInAnyOrderEntriesOf(Map.of(WEB_PATH, webServices.get(0),
                "/deliveries/requests", NOT_ROUTED, AUTH_REALM, keycloakServices.get(0),
                AUTH_RESOURCES, keycloakServices.get(0)));

        // the gateway's routes, to the services' Services on the ports the gateway image names
        assertThat(gatewayRoutes()).containsExactlyInAnyOrderEntriesOf(Map.of("/shops", "shop", "/orders", "order",
                "/deliveries", "delivery", "/messages", "message", "/mypages", "mypage"));
        Map<String, Svc> services = new LinkedHashMap<>();
        Variants.services(rendered).forEach(s -> services.put(s.name(), s));
        Map<String, String> upstreams = gatewayUpstreams(web);
        for (String service : Manifests.SERVICES.keySet()) {
            Matcher server = Pattern.compile("server ([a-z-]+):(\\d+);").matcher(upstreams.getOrDefault(service, ""));
            assertThat(server.find()).as("the gateway's " + service + " upstream: " + upstreams.get(service)).isTrue();
            Svc target = services.get(server.group(1));
            assertThat(target).as("the gateway's " + service + " upstream names a Service").isNotNull();
            assertThat(target.ports().values()).as("Service " + target.name() + " has port " + server.group(2))
                    .anyMatch(port -> port[0].equals(server.group(2)));
            assertThat(Variants.pods(rendered)).filteredOn(p -> target.selector().entrySet().stream()
                            .allMatch(e -> e.getValue().equals(p.labels().get(e.getKey()))))
                    .as("Service " + target.name() + " selects the " + service + " pods")
                    .extracting(Variants::app).containsOnly(service).isNotEmpty();
        }
    }

    /**
     * @param web the gateway's pods
     * @return the gateway's upstream per service ({@code SHOP_SERVERS} ...): the image's ENV, unless
     *         the workload sets it
     */
    static Map<String, String> gatewayUpstreams(Pods web) {
        Map<String, String> upstreams = new LinkedHashMap<>();
        try {
            Matcher env = Pattern.compile("([A-Z]+)_SERVERS=\"([^\"]*)\"").matcher(
                    java.nio.file.Files.readString(Manifests.REPO.resolve("gateway/Containerfile")));
            while (env.find()) {
                upstreams.put(env.group(1).toLowerCase(java.util.Locale.ROOT), env.group(2));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (JsonNode env : web.spec().path("containers").get(0).path("env")) {
            String name = env.path("name").asText();
            if (name.endsWith("_SERVERS") && env.has("value")) {
                upstreams.put(name.substring(0, name.length() - "_SERVERS".length()).toLowerCase(java.util.Locale.ROOT),
                        env.path("value").asText());
            }
        }
        return upstreams;
    }

    /**
     * @param rendered a rendered overlay
     * @return the one workload that runs the gateway image (the web front end)
     */
    static Pods webFrontEnd(Manifests.Rendered rendered) {
        List<Pods> web = Variants.pods(rendered).stream().filter(p -> p.spec().path("containers").findValuesAsText("image")
                .stream().anyMatch(i -> Manifests.imageName(i).endsWith(GATEWAY_IMAGE))).toList();
        assertThat(web).as("one workload runs " + GATEWAY_IMAGE).hasSize(1);
        return web.get(0);
    }

    /**
     * The web front end runs the gateway image as gateway/Containerfile and gateway/render.sh
     * expect it: on the image's port, probed on the gateway's /health, with twd-common's (public)
     * OIDC_ISSUER, which /config.json hands to the page and the Content-Security-Policy allows,
     * and with /tmp (render.sh's output, nginx's pid and temp files) writable under a read-only root.
     */
    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void theWebFrontEndRunsTheGatewayImageWithThePublicIssuer(String overlay) throws java.io.IOException {
        Manifests.Rendered rendered = render(overlay);
        Pods web = webFrontEnd(rendered);
        assertThat(Variants.app(web)).isEqualTo(WEB);
        assertThat(web.owner()).startsWith("Deployment");
        JsonNode container = web.spec().path("containers").get(0);
        String containerfile = java.nio.file.Files.readString(Manifests.REPO.resolve("gateway/Containerfile"));
        java.util.regex.Matcher port = java.util.regex.Pattern.compile("GATEWAY_PORT=(\\d+)").matcher(containerfile);
        assertThat(port.find()).isTrue();
        assertThat(web.ports()).containsEntry("http", Integer.valueOf(port.group(1)));
        String template = java.nio.file.Files.readString(Manifests.REPO.resolve("gateway/nginx.conf.template"));
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            String path = container.path(probe).path("httpGet").path("path").asText();
            assertThat(path).as(web.owner() + " " + probe).isEqualTo("/health");
            assertThat(template).contains("location = " + path + " {");
        }
        JsonNode issuer = null;
        for (JsonNode env : container.path("env")) {
            if (env.path("name").asText().equals("OIDC_ISSUER")) {
                issuer = env.path("valueFrom").path("configMapKeyRef");
            }
        }
        assertThat(issuer).as(web.owner() + ": OIDC_ISSUER").isNotNull();
        assertThat(issuer.path("name").asText() + "/" + issuer.path("key").asText())
                .as("the services' public issuer, not a copy of it").isEqualTo("twd-common/OIDC_ISSUER");
        assertThat(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean(false)).isTrue();
        String tmpVolume = null;
        for (JsonNode mount : container.path("volumeMounts")) {
            if (mount.path("mountPath").asText().equals("/tmp")) {
                tmpVolume = mount.path("name").asText();
            }
        }
        assertThat(tmpVolume).as(web.owner() + ": /tmp is mounted").isNotNull();
        String volume = tmpVolume;
        assertThat(web.spec().path("volumes")).as("/tmp is an emptyDir")
                .anyMatch(v -> v.path("name").asText().equals(volume) && v.has("emptyDir"));
        assertThat(java.nio.file.Files.readString(Manifests.REPO.resolve("gateway/render.sh")))
                .contains("prefix=${GATEWAY_PREFIX:-/tmp/twd}");
    }

    /**
     * @return the local gateway's routes to the services: the first path segment of each location
     *         that proxies to a service's upstream, e.g. {@code /deliveries} to {@code delivery}
     *         (exact, prefix and regular-expression locations alike)
     */
    static Map<String, String> gatewayRoutes() {
        String conf;
        try {
            conf = java.nio.file.Files.readString(Manifests.REPO.resolve("gateway/nginx.conf.template"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Map<String, String> routes = new TreeMap<>();
        Matcher location = Pattern.compile("location\\s+(?:=\\s+|~\\s+\"?\\^?)?(/[a-z]+)[^{]*\\{([^}]*)\\}").matcher(conf);
        while (location.find()) {
            Matcher proxy = Pattern.compile("proxy_pass\\s+http://(\\w+)[^;]*;").matcher(location.group(2));
            if (proxy.find()) {
                routes.put(location.group(1), proxy.group(1));
            }
        }
        return routes;
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void postgresqlKeepsItsData(String overlay) {
        Manifests.Rendered rendered = render(overlay);
        for (String service : Manifests.SERVICES.keySet()) {
            JsonNode db = rendered.ofKind("StatefulSet").stream()
                    .filter(s -> s.path("metadata").path("name").asText().equals(service + "-db")).findFirst().orElseThrow();
            assertThat(db.path("spec").path("volumeClaimTemplates").get(0).path("metadata").path("name").asText()).isEqualTo("data");
        }
        JsonNode broker = rendered.ofKind("StatefulSet").stream()
                .filter(s -> s.path("metadata").path("name").asText().equals("broker")).findFirst().orElseThrow();
        assertThat(broker.path("spec").path("volumeClaimTemplates").get(0).path("metadata").path("name").asText()).isEqualTo("journal");
        assertThat(broker.path("spec").path("template").path("spec").path("containers").get(0).path("volumeMounts").findValuesAsText("mountPath"))
                .contains("/var/lib/artemis-instance/data");
    }
}
