package io.twd.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every YAML document under {@code k8s/} is a well-formed manifest: a kind the Kubernetes (or
 * OpenShift) model knows, with no unknown field and no value of the wrong type, or a custom
 * resource that matches its vendored CRD schema; every kustomization renders, and every file
 * is used by one (except the example Secrets, which are applied by hand or not at all). The
 * Tekton resources of the delivery pipeline are checked against hand-written structural subsets
 * of their types (Tekton's CRDs have no schema).
 */
class ManifestModelTest {

    static final Path CRDS = Manifests.K8S.resolve("src/test/resources/crds");

    static List<StructuralSchema> schemas() {
        return List.of(StructuralSchema.of(CRDS.resolve("openlibertyapplications.apps.openliberty.io.yaml")),
                StructuralSchema.of(CRDS.resolve("keycloaks.k8s.keycloak.org.yaml")),
                StructuralSchema.of(CRDS.resolve("keycloakrealmimports.k8s.keycloak.org.yaml")),
                StructuralSchema.of(CRDS.resolve("prometheusrules.monitoring.coreos.com.yaml")),
                StructuralSchema.of(CRDS.resolve("pipelines.tekton.dev.yaml")),
                StructuralSchema.of(CRDS.resolve("pipelineruns.tekton.dev.yaml")),
                StructuralSchema.of(CRDS.resolve("eventlisteners.triggers.tekton.dev.yaml")),
                StructuralSchema.of(CRDS.resolve("triggerbindings.triggers.tekton.dev.yaml")),
                StructuralSchema.of(CRDS.resolve("triggertemplates.triggers.tekton.dev.yaml")));
    }

    @Test
    void everyManifestIsAKnownKindWithNoUnknownFieldAndNoWrongType() {
        List<StructuralSchema> schemas = schemas();
        List<String> problems = new ArrayList<>();
        java.util.Set<String> customResources = new java.util.TreeSet<>();
        java.util.Set<String> typedKinds = new java.util.TreeSet<>();
        int checked = 0;
        java.util.Set<Path> data = Manifests.generatorFiles();
        assertThat(data).as("generator files that are YAML").contains(Manifests.K8S.resolve("base/jmx-exporter.yml"));
        for (Path file : Manifests.yamlFiles()) {
            if (data.contains(file)) {
                continue; // ConfigMap data (the JMX exporter's rules): checked where it is used
            }
            for (JsonNode doc : Manifests.read(file)) {
                String where = Manifests.K8S.relativize(file) + " " + Manifests.describe(doc);
                if (doc.isArray()) {
                    continue; // a JSON 6902 patch: applied and checked when the overlays render
                }
                String kind = doc.path("kind").asText();
                if (kind.equals("Kustomization") || kind.equals("Component")) {
                    continue; // checked when rendered
                }
                checked++;
                // A custom resource with a vendored CRD is checked against its schema, and also
                // typed when a fabric8 model knows it (PrometheusRule: both).
                StructuralSchema schema = schemas.stream().filter(s -> s.covers(doc)).findFirst().orElse(null);
                if (schema != null) {
                    customResources.add(kind);
                    schema.validate(doc).forEach(p -> problems.add(where + p));
                }
                if (Manifests.isBuiltIn(doc)) {
                    try {
                        HasMetadata typed = Manifests.typed(doc);
                        Manifests.unknownFields(typed).forEach(f -> problems.add(where + ": unknown field " + f));
                        typedKinds.add(kind);
                    } catch (IllegalArgumentException e) {
                        problems.add(where + ": " + e.getMessage());
                    }
                } else if (schema == null) {
                    problems.add(where + ": unknown apiVersion/kind " + doc.path("apiVersion").asText() + " " + kind);
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(checked).as("manifests checked").isGreaterThan(40);
        assertThat(customResources).as("custom resources checked against their schema")
                .containsExactlyInAnyOrder("OpenLibertyApplication", "Keycloak", "KeycloakRealmImport", "PrometheusRule",
                        "Pipeline", "EventListener", "TriggerBinding", "TriggerTemplate");
        assertThat(typedKinds).as("kinds typed with a fabric8 model").contains("ServiceMonitor", "PrometheusRule");
    }

    @Test
    void everyOverlayRendersAndUsesEveryFile() {
        for (String overlay : Variants.OVERLAYS) {
            Manifests.Rendered rendered = Manifests.render(Manifests.K8S.resolve("overlays").resolve(overlay));
            assertThat(rendered.problems()).as(overlay).isEmpty();
            assertThat(rendered.resources()).as(overlay).isNotEmpty();
        }
        // The delivery pipeline is applied on its own (k8s/pipeline), not with an overlay.
        Manifests.Rendered pipeline = Manifests.render(Manifests.K8S.resolve("pipeline"));
        assertThat(pipeline.problems()).as("pipeline").isEmpty();
        assertThat(pipeline.resources()).as("pipeline").isNotEmpty();
        List<Path> unused = Manifests.yamlFiles().stream()
                .filter(f -> !Manifests.USED_FILES.contains(f))
                .filter(f -> !f.equals(Manifests.K8S.resolve("secrets/example-secrets.yaml")))
                .toList();
        assertThat(unused).as("YAML files no kustomization uses").isEmpty();
    }

    @Test
    void exampleSecretsAreMarkedAsExamples() {
        for (JsonNode secret : Manifests.read(Manifests.K8S.resolve("secrets/example-secrets.yaml"))) {
            assertThat(secret.path("kind").asText()).isEqualTo("Secret");
            assertThat(secret.path("metadata").path("annotations").path("twd.io/example").asText())
                    .as(Manifests.describe(secret)).startsWith("true");
        }
    }

    @Test
    void anUnknownFieldIsReported() {
        JsonNode doc = Manifests.parse("""
                apiVersion: v1
                kind: Service
                metadata: {name: x}
                spec:
                  selector: {app: x}
                  ports:
                    - port: 80
                      targetPorts: http
                """);
        assertThat(Manifests.unknownFields(Manifests.typed(doc))).containsExactly("spec.ports[0].targetPorts");
    }

    @Test
    void aNestedUnknownFieldInAPodTemplateIsReported() {
        JsonNode doc = Manifests.parse("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  selector: {matchLabels: {app: x}}
                  template:
                    metadata: {labels: {app: x}}
                    spec:
                      containers:
                        - name: x
                          image: x:1
                          readynessProbe: {httpGet: {path: /health/ready, port: 80}}
                """);
        assertThat(Manifests.unknownFields(Manifests.typed(doc)))
                .containsExactly("spec.template.spec.containers[0].readynessProbe");
    }

    @Test
    void aValueOfTheWrongTypeIsRejected() {
        JsonNode quotedPort = Manifests.parse("""
                apiVersion: v1
                kind: Service
                metadata: {name: x}
                spec:
                  ports:
                    - port: "80"
                """);
        assertThatThrownBy(() -> Manifests.typed(quotedPort)).isInstanceOf(IllegalArgumentException.class);
        JsonNode numberInConfigMap = Manifests.parse("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: x}
                data:
                  DB_PORT: 5432
                """);
        assertThatThrownBy(() -> Manifests.typed(numberInConfigMap)).isInstanceOf(IllegalArgumentException.class);
        JsonNode listForObject = Manifests.parse("""
                apiVersion: v1
                kind: Service
                metadata: {name: x}
                spec:
                  selector: [x]
                """);
        assertThatThrownBy(() -> Manifests.typed(listForObject)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCustomResourceIsCheckedAgainstItsSchema() {
        StructuralSchema schema = schemas().get(0);
        JsonNode wrong = Manifests.parse("""
                apiVersion: apps.openliberty.io/v1
                kind: OpenLibertyApplication
                metadata: {name: x}
                spec:
                  pullPolicy: Sometimes
                  service: {port: "8081", prot: 1}
                  autoscaling: {maxReplicas: 0}
                  probes:
                    readiness: {httpGet: {path: /health/ready, port: http}}
                """);
        assertThat(schema.covers(wrong)).isTrue();
        assertThat(schema.validate(wrong)).containsExactlyInAnyOrder(
                ".spec: required field applicationImage is missing",
                ".spec.pullPolicy: Sometimes is not one of [Always, Never, IfNotPresent]",
                ".spec.service.port: must be an integer, is STRING",
                ".spec.service.prot: unknown field (the API server would prune it)",
                ".spec.autoscaling.maxReplicas: 0 is below the minimum 1.0");
    }

    @Test
    void aKeycloakIsCheckedAgainstItsSchema() {
        StructuralSchema schema = schemas().get(1);
        JsonNode wrong = Manifests.parse("""
                apiVersion: k8s.keycloak.org/v2alpha1
                kind: Keycloak
                metadata: {name: x}
                spec:
                  hostname: https://twd.example.com/auth
                  http: {httpEnabled: "true"}
                  db: {port: "5432", passwordSecret: {name: keycloak-db}}
                  proxy: {header: xforwarded}
                  additionalOptions: [{name: http-relative-path, valu: /auth}]
                """);
        assertThat(schema.covers(wrong)).isTrue();
        assertThat(schema.validate(wrong)).containsExactlyInAnyOrder(
                ".spec.hostname: must be an object, is STRING",
                ".spec.http.httpEnabled: must be a boolean, is STRING",
                ".spec.db.port: must be an integer, is STRING",
                ".spec.db.passwordSecret: required field key is missing",
                ".spec.proxy.header: unknown field (the API server would prune it)",
                ".spec.additionalOptions[0].valu: unknown field (the API server would prune it)");
        JsonNode oldVersion = Manifests.parse("""
                apiVersion: k8s.keycloak.org/v1alpha1
                kind: Keycloak
                metadata: {name: x}
                spec: {}
                """);
        assertThat(schema.validate(oldVersion)).containsExactly("Keycloak x: version v1alpha1 is not served by the CRD");
    }

    @Test
    void aRealmImportIsCheckedAgainstItsSchema() {
        StructuralSchema schema = schemas().get(2);
        JsonNode wrong = Manifests.parse("""
                apiVersion: k8s.keycloak.org/v2alpha1
                kind: KeycloakRealmImport
                metadata: {name: x}
                spec:
                  realm:
                    realm: twd
                    accessTokenLifespan: "300"
                    clients:
                      - clientId: twd-web
                        publicClients: true
                        attributes: {pkce.code.challenge.method: S256}
                        protocolMappers: [{name: a, config: {access.token.claim: true}}]
                """);
        assertThat(schema.covers(wrong)).isTrue();
        assertThat(schema.validate(wrong)).containsExactlyInAnyOrder(
                ".spec: required field keycloakCRName is missing",
                ".spec.realm.accessTokenLifespan: must be an integer, is STRING",
                ".spec.realm.clients[0].publicClients: unknown field (the API server would prune it)",
                ".spec.realm.clients[0].protocolMappers[0].config.access.token.claim: must be a string, is BOOLEAN");
    }
}
