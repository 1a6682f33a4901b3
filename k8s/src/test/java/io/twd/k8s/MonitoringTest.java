package io.twd.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.twd.k8s.Variants.Pods;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Monitoring on the cluster ({@code components/monitoring}, in the OpenShift overlay): the
 * PrometheusRule carries exactly the groups of {@code monitoring/prometheus/alerts.yml} (the file
 * promtool checks and tests); the ServiceMonitors scrape every service and the broker on a port
 * their Services and pods have, under the job names the alerts use; and the network policies
 * let the monitoring Prometheus reach those ports.
 */
class MonitoringTest {

    static final String OVERLAY = "openshift";

    private static Manifests.Rendered rendered() {
        Manifests.Rendered rendered = Manifests.render(Manifests.K8S.resolve("overlays").resolve(OVERLAY));
        assertThat(rendered.problems()).isEmpty();
        return rendered;
    }

    @Test
    void thePrometheusRuleHasExactlyTheTestedAlerts() {
        JsonNode rules = Manifests.read(AlertRulesTest.RULES).get(0);
        List<JsonNode> prometheusRules = rendered().ofKind("PrometheusRule");
        assertThat(prometheusRules).hasSize(1);
        assertThat(prometheusRules.get(0).path("spec").path("groups"))
                .as("components/monitoring/prometheus-rule.yaml spec.groups differs from monitoring/prometheus/alerts.yml: copy the groups again")
                .isEqualTo(rules.path("groups"));
    }

    @Test
    void everyServiceAndTheBrokerIsScrapedUnderItsJobName() {
        Manifests.Rendered rendered = rendered();
        List<Pods> pods = Variants.pods(rendered);
        Set<String> jobs = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (JsonNode monitor : rendered.ofKind("ServiceMonitor")) {
            JsonNode spec = monitor.path("spec");
            assertThat(spec.has("jobLabel")).as(Manifests.describe(monitor) + ": job is the Service's name").isFalse();
            List<JsonNode> services = rendered.ofKind("Service").stream()
                    .filter(s -> Variants.selects(spec.path("selector"), Variants.strings(s.path("metadata").path("labels"))))
                    .toList();
            assertThat(services).as(Manifests.describe(monitor) + " selects Services").isNotEmpty();
            for (JsonNode endpoint : spec.path("endpoints")) {
                assertThat(endpoint.path("path").asText()).isEqualTo("/metrics");
                assertThat(endpoint.path("interval").asText()).isEqualTo("30s");
                String port = endpoint.path("port").asText();
                for (JsonNode service : services) {
                    String name = service.path("metadata").path("name").asText();
                    jobs.add(name);
                    JsonNode servicePort = null;
                    for (JsonNode p : service.path("spec").path("ports")) {
                        if (p.path("name").asText().equals(port)) {
                            servicePort = p;
                        }
                    }
                    if (servicePort == null) {
                        problems.add(Manifests.describe(monitor) + ": Service " + name + " has no port " + port);
                        continue;
                    }
                    String target = servicePort.path("targetPort").asText();
                    for (Pods p : Variants.selected(pods, service.path("spec").path("selector"))) {
                        if (!p.ports().containsKey(target)) {
                            problems.add(Manifests.describe(monitor) + ": " + p.owner() + " has no port " + target);
                        }
                        if (!opensToMonitoring(rendered, p, target)) {
                            problems.add(Manifests.describe(monitor) + ": no network policy lets Prometheus reach "
                                    + p.owner() + " on " + target);
                        }
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
        Set<String> expected = new TreeSet<>(Manifests.SERVICES.keySet());
        expected.add("broker");
        assertThat(jobs).as("the jobs alerts.yml names").isEqualTo(expected);
    }

    private static boolean opensToMonitoring(Manifests.Rendered rendered, Pods target, String port) {
        for (JsonNode policy : rendered.ofKind("NetworkPolicy")) {
            if (!Variants.selects(policy.path("spec").path("podSelector"), target.labels())) {
                continue;
            }
            for (JsonNode rule : policy.path("spec").path("ingress")) {
                boolean fromMonitoring = false;
                for (JsonNode peer : rule.path("from")) {
                    fromMonitoring |= VariantTest.MONITORING_NAMESPACE.equals(
                            peer.path("namespaceSelector").path("matchLabels").path("kubernetes.io/metadata.name").asText());
                }
                for (JsonNode p : rule.path("ports")) {
                    String opened = p.path("port").asText();
                    if (fromMonitoring && (opened.equals(port) || Integer.valueOf(target.ports().get(port)).toString().equals(opened))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * The broker's agent listens on 9404 and reads the project's exporter rules: the file its
     * option names is a key of the ConfigMap mounted there, that ConfigMap holds
     * broker/etc/jmx-exporter.yml, and its rules give every artemis_* metric alerts.yml uses.
     */
    @Test
    void theBrokerServesItsMetricsOnPort9404WithTheProjectsRules() throws java.io.IOException {
        Manifests.Rendered rendered = rendered();
        Pods broker = Variants.pods(rendered).stream().filter(p -> "broker".equals(Variants.app(p))).findFirst().orElseThrow();
        assertThat(broker.ports()).containsEntry("metrics", 9404);
        JsonNode container = broker.spec().path("containers").get(0);
        java.util.regex.Matcher option = java.util.regex.Pattern.compile("-javaagent:\\$METRICS_AGENT_JAR=9404:(\\S+)/([^/\\s\"]+)")
                .matcher(container.path("args").get(0).asText());
        assertThat(option.find()).as("the agent's option in the broker's start script").isTrue();
        String mounted = null;
        for (JsonNode mount : container.path("volumeMounts")) {
            if (mount.path("mountPath").asText().equals(option.group(1))) {
                mounted = mount.path("name").asText();
            }
        }
        assertThat(mounted).as("a volume is mounted at " + option.group(1)).isNotNull();
        String volume = mounted;
        String configMap = null;
        for (JsonNode v : broker.spec().path("volumes")) {
            if (v.path("name").asText().equals(volume)) {
                configMap = v.path("configMap").path("name").asText(null);
            }
        }
        assertThat(configMap).as("volume " + volume + " is the ConfigMap of the exporter's rules").isEqualTo("twd-broker-metrics");
        String exporter = rendered.ofKind("ConfigMap").stream()
                .filter(m -> m.path("metadata").path("name").asText().equals("twd-broker-metrics")).findFirst().orElseThrow()
                .path("data").path(option.group(2)).asText(null);
        assertThat(exporter).as("twd-broker-metrics has key " + option.group(2)).isNotNull();
        assertThat(exporter).as("the project's rules").isEqualTo(
                java.nio.file.Files.readString(Manifests.REPO.resolve("broker/etc/jmx-exporter.yml")));
        JsonNode config = Manifests.parse(exporter);
        Set<String> names = new TreeSet<>();
        config.path("rules").forEach(r -> names.add(r.path("name").asText()));
        assertThat(names).containsExactlyInAnyOrder("artemis_message_count", "artemis_delivering_count",
                "artemis_consumer_count", "artemis_messages_added_total", "artemis_messages_acknowledged_total",
                "artemis_messages_killed_total");
        java.util.regex.Matcher used = java.util.regex.Pattern.compile("artemis_[a-z_]+")
                .matcher(java.nio.file.Files.readString(AlertRulesTest.RULES));
        Set<String> alerts = new TreeSet<>();
        while (used.find()) {
            alerts.add(used.group());
        }
        assertThat(alerts).as("the broker metrics alerts.yml uses").isNotEmpty();
        assertThat(names).as("rules for the broker metrics alerts.yml uses").containsAll(alerts);
    }

    @Test
    void aServiceMonitorIsTypedStrictly() {
        JsonNode wrong = Manifests.parse("""
                apiVersion: monitoring.coreos.com/v1
                kind: ServiceMonitor
                metadata: {name: x}
                spec:
                  selector: {matchLabels: {app: x}}
                  endpoints:
                    - port: http
                      pth: /metrics
                """);
        assertThat(Manifests.unknownFields(Manifests.typed(wrong))).containsExactly("spec.endpoints[0].pth");
    }

    @Test
    void aPrometheusRuleIsCheckedAgainstItsSchema() {
        StructuralSchema schema = StructuralSchema.of(ManifestModelTest.CRDS.resolve("prometheusrules.monitoring.coreos.com.yaml"));
        JsonNode wrong = Manifests.parse("""
                apiVersion: monitoring.coreos.com/v1
                kind: PrometheusRule
                metadata: {name: x}
                spec:
                  groups:
                    - name: twd
                      rules:
                        - alert: X
                          expr: up == 0
                          for: 1 minute
                          label: {severity: warning}
                """);
        assertThat(schema.covers(wrong)).isTrue();
        assertThat(schema.validate(wrong)).containsExactlyInAnyOrder(
                ".spec.groups[0].rules[0].for: 1 minute does not match "
                        + "^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$",
                ".spec.groups[0].rules[0].label: unknown field (the API server would prune it)");
    }
}
