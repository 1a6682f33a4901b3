package io.twd.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One deployable variant (an overlay, rendered) seen as what the cluster would run: the pods
 * (from Deployments, StatefulSets, and OpenLibertyApplications, Keycloaks and
 * KeycloakRealmImports as their operators expand them) and the Services (declared, or created by
 * an operator).
 */
final class Variants {

    /** The overlays, one per variant. */
    static final List<String> OVERLAYS = List.of("kubernetes", "openshift", "openliberty-operator");
    /** The Keycloak Operator's ports of a Keycloak server pod (its Constants: https, http, management). */
    static final int KEYCLOAK_HTTPS = 8443;
    static final int KEYCLOAK_HTTP = 8080;
    static final int KEYCLOAK_MANAGEMENT = 9000;
    /** The {@code app} label the Keycloak Operator gives the realm-import Job's pod. */
    static final String REALM_IMPORT_APP = "keycloak-realm-import";

    /**
     * Pods of one workload.
     *
     * @param owner  e.g. {@code Deployment shop}
     * @param labels the pod template's labels
     * @param ports  container port names to numbers (unnamed ports under their number)
     * @param spec   the pod spec (or the OpenLibertyApplication's spec)
     */
    record Pods(String owner, Map<String, String> labels, Map<String, Integer> ports, JsonNode spec) {
    }

    /**
     * A Service.
     *
     * @param name     its name
     * @param selector its selector
     * @param ports    port names to (port, targetPort as text)
     */
    record Svc(String name, Map<String, String> selector, Map<String, String[]> ports) {
    }

    private Variants() {
    }

    /**
     * @param rendered a rendered overlay
     * @return its pods
     */
    static List<Pods> pods(Manifests.Rendered rendered) {
        List<Pods> pods = new ArrayList<>();
        for (JsonNode r : rendered.resources()) {
            String kind = r.path("kind").asText();
            if (kind.equals("Deployment") || kind.equals("StatefulSet")) {
                JsonNode template = r.path("spec").path("template");
                Map<String, Integer> ports = new LinkedHashMap<>();
                for (JsonNode c : template.path("spec").path("containers")) {
                    for (JsonNode p : c.path("ports")) {
                        ports.put(p.has("name") ? p.path("name").asText() : p.path("containerPort").asText(),
                                p.path("containerPort").asInt());
                    }
                }
                pods.add(new Pods(Manifests.describe(r), strings(template.path("metadata").path("labels")), ports,
                        template.path("spec")));
            } else if (kind.equals("Keycloak")) {
                JsonNode spec = r.path("spec");
                Map<String, Integer> ports = new LinkedHashMap<>();
                ports.put("https", spec.path("http").path("httpsPort").asInt(KEYCLOAK_HTTPS));
                ports.put("http", spec.path("http").path("httpPort").asInt(KEYCLOAK_HTTP));
                ports.put("management", KEYCLOAK_MANAGEMENT);
                pods.add(new Pods(Manifests.describe(r), keycloakPodLabels(r.path("metadata").path("name").asText()), ports, spec));
            } else if (kind.equals("KeycloakRealmImport")) {
                // The operator's Job copies the server's pod template, relabelled app=keycloak-realm-import.
                Map<String, String> labels = keycloakPodLabels(r.path("spec").path("keycloakCRName").asText());
                labels.put("app", REALM_IMPORT_APP);
                pods.add(new Pods(Manifests.describe(r), labels, Map.of(), r.path("spec")));
            } else if (kind.equals("OpenLibertyApplication")) {
                Map<String, String> labels = new HashMap<>(strings(r.path("metadata").path("labels")));
                String name = r.path("metadata").path("name").asText();
                labels.put("app.kubernetes.io/name", name);
                labels.put("app.kubernetes.io/instance", name);
                JsonNode service = r.path("spec").path("service");
                int port = service.path("targetPort").asInt(service.path("port").asInt());
                pods.add(new Pods(Manifests.describe(r), labels,
                        Map.of(service.path("portName").asText(Integer.toString(port)), port), r.path("spec")));
            }
        }
        return pods;
    }

    /**
     * @param keycloak a Keycloak resource's name
     * @return the labels the Keycloak Operator gives its server pods (Utils.allInstanceLabels, the
     *         stable ones, and the component label of the pod template)
     */
    static Map<String, String> keycloakPodLabels(String keycloak) {
        Map<String, String> labels = keycloakSelector(keycloak);
        labels.put("app.kubernetes.io/component", "server");
        return labels;
    }

    /**
     * @param keycloak a Keycloak resource's name
     * @return the selector of the Keycloak Operator's StatefulSet and Service
     */
    static Map<String, String> keycloakSelector(String keycloak) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app", "keycloak");
        labels.put("app.kubernetes.io/managed-by", "keycloak-operator");
        labels.put("app.kubernetes.io/instance", keycloak);
        return labels;
    }

    /**
     * @param rendered a rendered overlay
     * @return its Services, with those the operators create for OpenLibertyApplications and Keycloaks
     */
    static List<Svc> services(Manifests.Rendered rendered) {
        List<Svc> services = new ArrayList<>();
        for (JsonNode s : rendered.ofKind("Service")) {
            Map<String, String[]> ports = new LinkedHashMap<>();
            for (JsonNode p : s.path("spec").path("ports")) {
                ports.put(p.path("name").asText(p.path("port").asText()),
                        new String[] {p.path("port").asText(), p.path("targetPort").asText(p.path("port").asText())});
            }
            services.add(new Svc(s.path("metadata").path("name").asText(), strings(s.path("spec").path("selector")), ports));
        }
        for (JsonNode app : rendered.ofKind("OpenLibertyApplication")) {
            String name = app.path("metadata").path("name").asText();
            JsonNode service = app.path("spec").path("service");
            String port = service.path("port").asText();
            services.add(new Svc(name, Map.of("app.kubernetes.io/instance", name),
                    Map.of(service.path("portName").asText(port), new String[] {port, service.path("targetPort").asText(port)})));
        }
        for (JsonNode keycloak : rendered.ofKind("Keycloak")) {
            // The operator's <name>-service: http (when enabled or without TLS) and management.
            String name = keycloak.path("metadata").path("name").asText();
            JsonNode http = keycloak.path("spec").path("http");
            Map<String, String[]> ports = new LinkedHashMap<>();
            if (http.path("httpEnabled").asBoolean(false) || http.path("tlsSecret").asText().isEmpty()) {
                String port = Integer.toString(http.path("httpPort").asInt(KEYCLOAK_HTTP));
                ports.put("http", new String[] {port, port});
            }
            if (!http.path("tlsSecret").asText().isEmpty()) {
                String port = Integer.toString(http.path("httpsPort").asInt(KEYCLOAK_HTTPS));
                ports.put("https", new String[] {port, port});
            }
            String management = Integer.toString(KEYCLOAK_MANAGEMENT);
            ports.put("management", new String[] {management, management});
            services.add(new Svc(name + "-service", keycloakSelector(name), ports));
        }
        return services;
    }

    /**
     * @param node a JSON object of strings
     * @return it as a map
     */
    static Map<String, String> strings(JsonNode node) {
        Map<String, String> map = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }

    /**
     * Evaluates a label selector ({@code matchLabels}, {@code matchExpressions} with In, NotIn,
     * Exists, DoesNotExist), or a plain map selector as Services have.
     *
     * @param selector the selector
     * @param labels   a pod's labels
     * @return true if it selects the pod; an empty selector selects every pod
     */
    static boolean selects(JsonNode selector, Map<String, String> labels) {
        if (!selector.has("matchLabels") && !selector.has("matchExpressions")) {
            return strings(selector).entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
        }
        boolean matches = strings(selector.path("matchLabels")).entrySet().stream()
                .allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
        for (JsonNode expression : selector.path("matchExpressions")) {
            String key = expression.path("key").asText();
            Set<String> values = new TreeSet<>();
            expression.path("values").forEach(v -> values.add(v.asText()));
            matches &= switch (expression.path("operator").asText()) {
                // A pod without the key is not In any set, and is NotIn every set.
                case "In" -> labels.containsKey(key) && values.contains(labels.get(key));
                case "NotIn" -> !labels.containsKey(key) || !values.contains(labels.get(key));
                case "Exists" -> labels.containsKey(key);
                case "DoesNotExist" -> !labels.containsKey(key);
                default -> throw new IllegalArgumentException("unknown operator in " + expression);
            };
        }
        return matches;
    }

    /**
     * @param pods     the pods
     * @param selector a selector
     * @return the pods it selects
     */
    static List<Pods> selected(List<Pods> pods, JsonNode selector) {
        return pods.stream().filter(p -> selects(selector, p.labels())).toList();
    }

    /**
     * @param pods a workload's pods
     * @return the app.kubernetes.io/name label, the name the design uses, or for the Keycloak
     *         Operator's pods (which have no stable name label) their {@code app} label
     */
    static String app(Pods pods) {
        return pods.labels().getOrDefault("app.kubernetes.io/name", pods.labels().get("app"));
    }

    /**
     * @param rendered a rendered overlay
     * @return the Keycloak server's pods: the plain Deployment or the operator's Keycloak
     */
    static Pods keycloak(Manifests.Rendered rendered) {
        List<Pods> servers = pods(rendered).stream().filter(p -> "keycloak".equals(app(p))).toList();
        if (servers.size() != 1) {
            throw new AssertionError("one Keycloak server expected, found " + servers.stream().map(Pods::owner).toList());
        }
        return servers.get(0);
    }

    /**
     * @param rendered a rendered overlay
     * @param pods     some pods
     * @return the Services that select them
     */
    static List<Svc> servicesOf(Manifests.Rendered rendered, Pods pods) {
        return services(rendered).stream().filter(s -> !s.selector().isEmpty()
                && s.selector().entrySet().stream().allMatch(e -> e.getValue().equals(pods.labels().get(e.getKey()))))
                .toList();
    }

    /**
     * @param port a port as a manifest writes it: a number, or a port's name
     * @return the number, or null for a name
     */
    static Integer portNumber(String port) {
        try {
            return Integer.valueOf(port);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
