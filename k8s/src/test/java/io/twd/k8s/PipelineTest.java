package io.twd.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The delivery pipeline ({@code k8s/pipeline}: Tekton Pipeline, Triggers, ServiceAccounts)
 * renders, matches the schemas (ManifestModelTest) and is complete: every task is written here
 * or is one of OpenShift Pipelines' cluster Tasks through the cluster resolver; every
 * {@code $(params.x)}, {@code $(tasks.x.results.y)} and {@code $(workspaces.x.path)} it uses is
 * declared; every workspace a task needs is bound; the tasks run clone, verify, build, deploy,
 * rollout in that order; it builds exactly the images the overlays deploy, from their
 * Containerfiles, and waits for every Deployment; and a push to main reaches it with every
 * parameter it needs.
 */
class PipelineTest {

    static final String PIPELINE_DIR = "pipeline";
    /** OpenShift Pipelines' Tasks in its namespace, with the workspaces each requires. */
    static final Map<String, Set<String>> CLUSTER_TASKS = Map.of(
            "git-clone", Set.of("output"),
            "buildah", Set.of("source"),
            "openshift-client", Set.of());
    static final String CLUSTER_TASKS_NAMESPACE = "openshift-pipelines";
    private static final Pattern REFERENCE = Pattern.compile("\\$\\((params|tasks|workspaces|tt\\.params)\\.([A-Za-z0-9_-]+)(?:\\.([A-Za-z0-9_-]+))?(?:\\.([A-Za-z0-9_-]+))?\\)");

    static Manifests.Rendered rendered() {
        Manifests.Rendered rendered = Manifests.render(Manifests.K8S.resolve(PIPELINE_DIR));
        assertThat(rendered.problems()).isEmpty();
        return rendered;
    }

    static JsonNode one(Manifests.Rendered rendered, String kind) {
        List<JsonNode> found = rendered.ofKind(kind);
        assertThat(found).as(kind).hasSize(1);
        return found.get(0);
    }

    @Test
    void thePipelineIsCompleteAndConsistent() {
        assertThat(problems(one(rendered(), "Pipeline"))).isEmpty();
    }

    @Test
    void aBrokenPipelineIsReported() {
        ObjectNode pipeline = one(rendered(), "Pipeline").deepCopy();
        ArrayNode tasks = (ArrayNode) pipeline.path("spec").path("tasks");
        ObjectNode verify = (ObjectNode) tasks.get(1);
        verify.putArray("runAfter");
        ((ObjectNode) verify.path("taskSpec").path("steps").get(0)).put("workingDir", "$(workspaces.sources.path)/src");
        ((ObjectNode) tasks.get(2).path("params").get(0)).put("value", "$(params.registry)/twd/shop:$(tasks.clone.results.COMMIT)");
        ((ObjectNode) tasks.get(3).path("taskRef").path("params").get(1)).put("value", "kaniko");
        ((ArrayNode) tasks.get(4).path("workspaces")).remove(0);
        assertThat(problems(pipeline)).contains(
                "task verify must run after clone",
                "task deploy uses results of clone but does not run after it",
                "task verify uses $(workspaces.sources...), which its taskSpec does not declare",
                "task build-shop uses $(params.registry), which the Pipeline does not declare",
                "task build-order: kaniko is not one of OpenShift Pipelines' Tasks " + CLUSTER_TASKS.keySet().stream().sorted().toList(),
                "task build-delivery does not bind workspace source of buildah");
    }

    /**
     * @param pipeline a Pipeline
     * @return what is wrong with it
     */
    static List<String> problems(JsonNode pipeline) {
        List<String> problems = new ArrayList<>();
        JsonNode spec = pipeline.path("spec");
        Set<String> params = names(spec.path("params"));
        Set<String> workspaces = names(spec.path("workspaces"));
        Map<String, JsonNode> tasks = new LinkedHashMap<>();
        spec.path("tasks").forEach(t -> tasks.put(t.path("name").asText(), t));
        for (JsonNode task : tasks.values()) {
            String name = task.path("name").asText();
            Set<String> bound = new TreeSet<>();
            for (JsonNode binding : task.path("workspaces")) {
                bound.add(binding.path("name").asText());
                if (!workspaces.contains(binding.path("workspace").asText())) {
                    problems.add("task " + name + " binds " + binding.path("workspace").asText() + ", which the Pipeline does not declare");
                }
            }
            for (JsonNode after : task.path("runAfter")) {
                if (!tasks.containsKey(after.asText())) {
                    problems.add("task " + name + " runs after " + after.asText() + ", which does not exist");
                }
            }
            // What the Pipeline substitutes: the task's params and when; a taskSpec's own text
            // may use the Pipeline's params and results too, and its own workspaces.
            Set<String> taskSpecWorkspaces = names(task.path("taskSpec").path("workspaces"));
            Set<String> taskSpecParams = names(task.path("taskSpec").path("params"));
            Matcher m = REFERENCE.matcher(task.toString());
            while (m.find()) {
                switch (m.group(1)) {
                    case "params" -> {
                        if (!params.contains(m.group(2)) && !taskSpecParams.contains(m.group(2))) {
                            problems.add("task " + name + " uses $(params." + m.group(2) + "), which the Pipeline does not declare");
                        }
                    }
                    case "tasks" -> {
                        if (!tasks.containsKey(m.group(2))) {
                            problems.add("task " + name + " uses results of " + m.group(2) + ", which does not exist");
                        } else if (!runsAfter(tasks, name, m.group(2))) {
                            problems.add("task " + name + " uses results of " + m.group(2) + " but does not run after it");
                        }
                    }
                    case "workspaces" -> {
                        if (!taskSpecWorkspaces.contains(m.group(2))) {
                            problems.add("task " + name + " uses $(workspaces." + m.group(2) + "...), which its taskSpec does not declare");
                        }
                    }
                    default -> problems.add("task " + name + " uses " + m.group());
                }
            }
            if (task.has("taskSpec")) {
                for (JsonNode declared : task.path("taskSpec").path("workspaces")) {
                    if (!declared.path("optional").asBoolean() && !bound.contains(declared.path("name").asText())) {
                        problems.add("task " + name + " does not bind workspace " + declared.path("name").asText());
                    }
                }
            } else {
                JsonNode ref = task.path("taskRef");
                Map<String, String> resolver = new HashMap<>();
                ref.path("params").forEach(p -> resolver.put(p.path("name").asText(), p.path("value").asText()));
                String clusterTask = resolver.get("name");
                if (!ref.path("resolver").asText().equals("cluster") || !"task".equals(resolver.get("kind"))
                        || !CLUSTER_TASKS_NAMESPACE.equals(resolver.get("namespace"))) {
                    problems.add("task " + name + " is neither written here nor a Task of " + CLUSTER_TASKS_NAMESPACE
                            + " through the cluster resolver");
                } else if (!CLUSTER_TASKS.containsKey(clusterTask)) {
                    problems.add("task " + name + ": " + clusterTask + " is not one of OpenShift Pipelines' Tasks "
                            + CLUSTER_TASKS.keySet().stream().sorted().toList());
                } else {
                    for (String required : CLUSTER_TASKS.get(clusterTask)) {
                        if (!bound.contains(required)) {
                            problems.add("task " + name + " does not bind workspace " + required + " of " + clusterTask);
                        }
                    }
                }
            }
        }
        // clone -> verify -> every build -> deploy -> rollout.
        for (String task : tasks.keySet()) {
            List<String> before = switch (task.startsWith("build-") ? "build" : task) {
                case "clone" -> List.of();
                case "verify" -> List.of("clone");
                case "build" -> List.of("verify");
                case "deploy" -> tasks.keySet().stream().filter(t -> t.startsWith("build-")).toList();
                case "rollout" -> List.of("deploy");
                default -> {
                    problems.add("task " + task + " is not part of clone, verify, build-*, deploy, rollout");
                    yield List.of();
                }
            };
            before.stream().filter(b -> !runsAfter(tasks, task, b)).forEach(b -> problems.add("task " + task + " must run after " + b));
        }
        return problems;
    }

    private static boolean runsAfter(Map<String, JsonNode> tasks, String task, String earlier) {
        for (JsonNode after : tasks.getOrDefault(task, com.fasterxml.jackson.databind.node.MissingNode.getInstance()).path("runAfter")) {
            if (after.asText().equals(earlier) || (!after.asText().equals(task) && runsAfter(tasks, after.asText(), earlier))) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> names(JsonNode list) {
        Set<String> names = new TreeSet<>();
        list.forEach(n -> names.add(n.path("name").asText()));
        return names;
    }

    private static Map<String, String> params(JsonNode task) {
        Map<String, String> values = new LinkedHashMap<>();
        task.path("params").forEach(p -> values.put(p.path("name").asText(), p.path("value").asText()));
        return values;
    }

    @Test
    void itBuildsExactlyTheImagesTheOverlaysDeployFromTheirContainerfiles() {
        JsonNode pipeline = one(rendered(), "Pipeline");
        Set<String> built = new TreeSet<>();
        String deployScript = "";
        String rolloutScript = "";
        for (JsonNode task : pipeline.path("spec").path("tasks")) {
            String name = task.path("name").asText();
            Map<String, String> params = params(task);
            if (name.startsWith("build-")) {
                String image = name.substring("build-".length());
                assertThat(params.get("IMAGE")).isEqualTo("$(params.image-registry)/twd/" + image + ":$(tasks.clone.results.COMMIT)");
                String containerfile = params.get("DOCKERFILE").substring("src/".length());
                assertThat(containerfile).isEqualTo(containerfile(image));
                assertThat(Files.isRegularFile(Manifests.REPO.resolve(containerfile))).as(containerfile).isTrue();
                assertThat(params.get("CONTEXT")).isEqualTo("src");
                assertThat(params.get("BUILD_EXTRA_ARGS")).isEqualTo("--ignorefile src/k8s/containerignore"
                        + (Manifests.SERVICES.containsKey(image)
                        ? " --build-arg SERVICE=" + image + " --build-arg PORT=" + Manifests.SERVICES.get(image) : ""));
                built.add("twd/" + image);
            } else if (name.equals("deploy")) {
                deployScript = params.get("SCRIPT");
            } else if (name.equals("rollout")) {
                rolloutScript = params.get("SCRIPT");
            }
        }
        for (String overlay : List.of("openshift", "kubernetes")) {
            assertThat(built).as("images built vs. those overlay " + overlay + " deploys").isEqualTo(overlayImages(overlay));
        }
        // The Open Liberty Operator variant names the services' images in its applications; the
        // images it sets with kustomize are built too.
        assertThat(built).as("images built vs. those overlay openliberty-operator sets")
                .containsAll(overlayImages("openliberty-operator"));
        assertThat(built).as("the broker image is built, from broker/Containerfile").contains("twd/broker");
        assertThat(loop(deployScript, "image")).as("images the deploy step sets")
                .isEqualTo(new TreeSet<>(built.stream().map(i -> i.substring("twd/".length())).toList()));
        assertThat(deployScript).contains("resources: [../src/k8s/overlays/openshift]", "oc apply -k deploy",
"{name: twd/$image, newName: $(params.image-registry)/twd/$image, newTag: $(tasks.clone.results.COMMIT)}");
        Manifests.Rendered openshift = Manifests.render(Manifests.K8S.resolve("overlays/openshift"));
        List<String> deployments = openshift.ofKind("Deployment").stream().map(d -> d.path("metadata").path("name").asText()).toList();
        assertThat(loop(rolloutScript, "deployment")).as("Deployments the rollout step waits for")
                .isEqualTo(new TreeSet<>(deployments));
        assertThat(rolloutScript).contains("rollout status deployment/$deployment");
        for (JsonNode statefulSet : openshift.ofKind("StatefulSet")) {
            if (statefulSet.path("metadata").path("name").asText().equals("broker")) {
                assertThat(rolloutScript).contains("rollout status statefulset/broker");
            }
        }
    }

    /**
     * @param image an image the pipeline builds (twd/&lt;image&gt;)
     * @return the Containerfile it is built from
     */
    static String containerfile(String image) {
        return switch (image) {
            case "gateway", "broker" -> image + "/Containerfile";
            default -> ContainerfileTest.SERVICE_CONTAINERFILE;
        };
    }

    /**
     * @param overlay an overlay
     * @return the images its kustomization sets (images: name)
     */
    static Set<String> overlayImages(String overlay) {
        Set<String> images = new TreeSet<>();
        Manifests.read(Manifests.K8S.resolve("overlays").resolve(overlay).resolve("kustomization.yaml")).get(0)
                .path("images").forEach(i -> images.add(i.path("name").asText()));
        return images;
    }

    /**
     * @param script   a shell script
     * @param variable a for loop's variable
     * @return the words that loop goes over
     */
    static Set<String> loop(String script, String variable) {
        Matcher m = Pattern.compile("for " + variable + " in ([^;]*);").matcher(script);
        assertThat(m.find()).as("for " + variable + " in ...; in\n" + script).isTrue();
        return new TreeSet<>(List.of(m.group(1).trim().split("\\s+")));
    }

    @Test
    void aPushToMainStartsThePipelineWithEveryParameterItNeeds() {
        Manifests.Rendered rendered = rendered();
        JsonNode listener = one(rendered, "EventListener");
        JsonNode binding = one(rendered, "TriggerBinding");
        JsonNode template = one(rendered, "TriggerTemplate");
        JsonNode pipeline = one(rendered, "Pipeline");
        assertThat(rendered.has("ServiceAccount", listener.path("spec").path("serviceAccountName").asText())).isTrue();
        JsonNode trigger = listener.path("spec").path("triggers").get(0);
        assertThat(trigger.path("bindings").get(0).path("ref").asText()).isEqualTo(binding.path("metadata").path("name").asText());
        assertThat(trigger.path("template").path("ref").asText()).isEqualTo(template.path("metadata").path("name").asText());
        String interceptors = trigger.path("interceptors").toString();
        assertThat(interceptors).contains("\"name\":\"github\"", "\"push\"", "body.ref == 'refs/heads/main'", "twd-webhook");

        Set<String> bound = names(binding.path("spec").path("params"));
        Set<String> templateParams = names(template.path("spec").path("params"));
        assertThat(bound).as("the binding gives every template parameter").isEqualTo(templateParams);
        JsonNode run = template.path("spec").path("resourcetemplates").get(0);
        Matcher m = REFERENCE.matcher(run.toString());
        while (m.find()) {
            assertThat(m.group(1)).as(m.group()).isEqualTo("tt.params");
            assertThat(templateParams).as(m.group()).contains(m.group(2));
        }
        StructuralSchema schema = StructuralSchema.of(ManifestModelTest.CRDS.resolve("pipelineruns.tekton.dev.yaml"));
        assertThat(schema.validate(run)).as("the PipelineRun the template creates").isEmpty();
        assertThat(run.path("spec").path("pipelineRef").path("name").asText()).isEqualTo(pipeline.path("metadata").path("name").asText());
        Set<String> given = names(run.path("spec").path("params"));
        for (JsonNode param : pipeline.path("spec").path("params")) {
            if (!param.has("default")) {
                assertThat(given).as("PipelineRun parameter " + param.path("name").asText()).contains(param.path("name").asText());
            }
        }
        assertThat(names(pipeline.path("spec").path("params"))).containsAll(given);
        Set<String> workspaces = names(run.path("spec").path("workspaces"));
        for (JsonNode workspace : pipeline.path("spec").path("workspaces")) {
            if (!workspace.path("optional").asBoolean()) {
                assertThat(workspaces).as("PipelineRun workspace " + workspace.path("name").asText()).contains(workspace.path("name").asText());
            }
        }
        assertThat(run.path("spec").path("workspaces").get(0).has("volumeClaimTemplate")).isTrue();
        assertThat(rendered.has("ServiceAccount", run.path("spec").path("taskRunTemplate").path("serviceAccountName").asText())).isTrue();
    }

    @Test
    void theServiceAccountsAreBound() {
        Manifests.Rendered rendered = rendered();
        Set<String> accounts = new TreeSet<>();
        rendered.ofKind("ServiceAccount").forEach(a -> accounts.add(a.path("metadata").path("name").asText()));
        Map<String, Set<String>> roles = new HashMap<>();
        for (String kind : List.of("RoleBinding", "ClusterRoleBinding")) {
            for (JsonNode binding : rendered.ofKind(kind)) {
                for (JsonNode subject : binding.path("subjects")) {
                    assertThat(accounts).contains(subject.path("name").asText());
                    assertThat(subject.path("namespace").asText()).isEqualTo("twd");
                    roles.computeIfAbsent(subject.path("name").asText(), s -> new TreeSet<>())
                            .add(binding.path("roleRef").path("name").asText());
                }
            }
        }
        assertThat(roles.get("twd-pipeline")).containsExactlyInAnyOrder("edit", "monitoring-edit", "system:image-builder");
        assertThat(roles.get("twd-triggers")).containsExactlyInAnyOrder("tekton-triggers-eventlistener-roles",
                "tekton-triggers-eventlistener-clusterroles");
    }
}
