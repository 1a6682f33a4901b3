package io.twd.k8s;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The manifests under {@code k8s/}: YAML documents read as JSON trees, typed with the fabric8
 * Kubernetes model (strictly: a scalar of the wrong type fails instead of being coerced, an
 * unknown field is reported from the model's {@code additionalProperties}), and kustomizations
 * rendered the simple way this project needs (resources, components, configMapGenerator, JSON
 * 6902 patches from a file or inline, labels, images).
 */
final class Manifests {

    /** The {@code k8s} folder (the module's base directory). */
    static final Path K8S = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    /** The repository root. */
    static final Path REPO = K8S.getParent();
    /** The five services with their HTTP ports, as in the design. */
    static final Map<String, Integer> SERVICES = orderedServices();

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Knows which fabric8 class each apiVersion and kind maps to. */
    private static final KubernetesSerialization REGISTRY = new KubernetesSerialization();
    /**
     * Reads the model classes (plain Jackson beans) strictly. Not the mapper fabric8 configures
     * for the client: its modules let a quoted number into an integer field.
     */
    private static final ObjectMapper STRICT = strictMapper();

    private Manifests() {
    }

    private static Map<String, Integer> orderedServices() {
        Map<String, Integer> services = new LinkedHashMap<>();
        services.put("shop", 8081);
        services.put("order", 8082);
        services.put("delivery", 8083);
        services.put("message", 8084);
        services.put("mypage", 8085);
        return services;
    }

    private static ObjectMapper strictMapper() {
        JsonMapper mapper = JsonMapper.builder().disable(MapperFeature.ALLOW_COERCION_OF_SCALARS).build();
        // As the API server: no number or boolean where a string belongs, and so on. An integer
        // where a number belongs is fine.
        fail(mapper, LogicalType.Textual, CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean);
        fail(mapper, LogicalType.Integer, CoercionInputShape.String, CoercionInputShape.Float, CoercionInputShape.Boolean);
        fail(mapper, LogicalType.Float, CoercionInputShape.String, CoercionInputShape.Boolean);
        fail(mapper, LogicalType.Boolean, CoercionInputShape.String, CoercionInputShape.Integer, CoercionInputShape.Float);
        return mapper;
    }

    private static void fail(JsonMapper mapper, LogicalType type, CoercionInputShape... shapes) {
        for (CoercionInputShape shape : shapes) {
            mapper.coercionConfigFor(type).setCoercion(shape, CoercionAction.Fail);
        }
    }

    /**
     * @return the files under {@code k8s/} that a kustomization's configMapGenerator turns into
     *         ConfigMap data (e.g. the JMX exporter's rules, base/jmx-exporter.yml): data, not manifests
     */
    static Set<Path> generatorFiles() {
        Set<Path> sources = new java.util.TreeSet<>();
        for (Path file : yamlFiles()) {
            if (!file.getFileName().toString().equals("kustomization.yaml")) {
                continue;
            }
            for (JsonNode generator : read(file).get(0).path("configMapGenerator")) {
                for (JsonNode entry : generator.path("files")) {
                    String[] keyAndPath = entry.asText().split("=", 2);
                    sources.add(file.getParent().resolve(keyAndPath[keyAndPath.length - 1]).normalize());
                }
            }
        }
        return sources;
    }

    /** @return every YAML file under {@code k8s/}, except the build's and the tests' own */
    static List<Path> yamlFiles() {
        try (Stream<Path> files = Files.walk(K8S)) {
            return files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .filter(f -> !K8S.relativize(f).startsWith("target") && !K8S.relativize(f).startsWith("src"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param file a YAML file
     * @return its non-empty documents
     */
    static List<JsonNode> read(Path file) {
        try (JsonParser parser = YAML.getFactory().createParser(file.toFile())) {
            List<JsonNode> docs = new ArrayList<>();
            Iterator<JsonNode> it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode() && !doc.isEmpty()) {
                    docs.add(doc);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * @param yaml YAML text of one document
     * @return the document as a tree
     */
    static JsonNode parse(String yaml) {
        try {
            return YAML.readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param doc a manifest
     * @return true if the fabric8 model knows its apiVersion and kind
     */
    static boolean isBuiltIn(JsonNode doc) {
        Class<? extends KubernetesResource> type = REGISTRY.getRegisteredKubernetesResource(doc.path("apiVersion").asText(),
                doc.path("kind").asText());
        return type != null && type != GenericKubernetesResource.class;
    }

    /**
     * Types a manifest with the fabric8 model, strictly.
     *
     * @param doc a manifest of a kind the model knows
     * @return the typed object
     * @throws IllegalArgumentException on a wrong type, or an unknown kind
     */
    static HasMetadata typed(JsonNode doc) {
        Class<? extends KubernetesResource> type = REGISTRY.getRegisteredKubernetesResource(doc.path("apiVersion").asText(),
                doc.path("kind").asText());
        if (type == null || type == GenericKubernetesResource.class) {
            throw new IllegalArgumentException("unknown kind " + doc.path("apiVersion").asText() + " "
                    + doc.path("kind").asText());
        }
        try {
            return (HasMetadata) STRICT.readValue(doc.toString(), type);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(describe(doc) + ": " + rootMessage(e), e);
        }
    }

    /**
     * @param doc  a manifest
     * @param type the fabric8 type to read it as
     * @param <T>  the type
     * @return the typed object
     */
    static <T> T typed(JsonNode doc, Class<T> type) {
        try {
            return STRICT.readValue(doc.toString(), type);
        } catch (IOException e) {
            throw new IllegalArgumentException(describe(doc) + ": " + e.getMessage(), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    /**
     * Walks a typed object's tree (getters of fabric8 model classes, lists, maps) and lists every
     * field the model did not know, which fabric8 keeps in {@code additionalProperties}.
     *
     * @param root a fabric8 model object
     * @return paths of unknown fields, e.g. {@code spec.template.spec.containers[0].readynessProbe}
     */
    static List<String> unknownFields(Object root) {
        List<String> found = new ArrayList<>();
        walk(root, "", found, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        return found;
    }

    private static void walk(Object value, String path, List<String> found, Set<Object> seen) {
        if (value == null || !seen.add(value)) {
            return;
        }
        if (value instanceof Collection<?> list) {
            int i = 0;
            for (Object item : list) {
                walk(item, path + "[" + i++ + "]", found, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "[" + k + "]", found, seen));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || getter.getDeclaringClass() == Object.class
                    || !(getter.getName().startsWith("get") || getter.getName().startsWith("is"))) {
                continue;
            }
            Object child;
            try {
                child = getter.invoke(value);
            } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
                continue;
            }
            String name = getter.getName().replaceFirst("^(get|is)", "");
            if (name.equals("AdditionalProperties") && child instanceof Map<?, ?> extra) {
                extra.keySet().forEach(k -> found.add(path.isEmpty() ? k.toString() : path + "." + k));
                continue;
            }
            String field = Character.toLowerCase(name.charAt(0)) + name.substring(1);
            walk(child, path.isEmpty() ? field : path + "." + field, found, seen);
        }
    }

    /**
     * @param doc a manifest
     * @return e.g. {@code Deployment shop}
     */
    static String describe(JsonNode doc) {
        return doc.path("kind").asText() + " " + doc.path("metadata").path("name").asText();
    }

    /**
     * A kustomization rendered: the resources it produces, and what rendering found wrong.
     *
     * @param dir       the kustomization's folder
     * @param resources the manifests, after patches and image settings
     * @param problems  references that do not resolve, unknown keys, patches that do not apply
     */
    record Rendered(Path dir, List<JsonNode> resources, List<String> problems) {

        /**
         * @param kind a kind, e.g. {@code Deployment}
         * @return the resources of that kind
         */
        List<JsonNode> ofKind(String kind) {
            return resources.stream().filter(r -> r.path("kind").asText().equals(kind)).toList();
        }

        /**
         * @param kind a kind
         * @param name a name
         * @return true if a resource of that kind and name is rendered
         */
        boolean has(String kind, String name) {
            return ofKind(kind).stream().anyMatch(r -> r.path("metadata").path("name").asText().equals(name));
        }
    }

    private static final Set<String> KUSTOMIZATION_KEYS = Set.of("apiVersion", "kind", "namespace", "resources",
            "components", "patches", "labels", "configMapGenerator", "images");

    /** Every file a kustomization under {@code k8s/} uses, filled by {@link #render(Path)}. */
    static final Set<Path> USED_FILES = new java.util.HashSet<>();

    /**
     * Renders the kustomization (or component) in a folder.
     *
     * @param dir a folder with a kustomization.yaml
     * @return the rendered resources and the problems found
     */
    static Rendered render(Path dir) {
        List<JsonNode> resources = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Path file = dir.resolve("kustomization.yaml");
        if (!Files.isRegularFile(file)) {
            problems.add(dir + " has no kustomization.yaml");
            return new Rendered(dir, resources, problems);
        }
        USED_FILES.add(file);
        JsonNode k = read(file).get(0);
        k.fieldNames().forEachRemaining(key -> {
            if (!KUSTOMIZATION_KEYS.contains(key)) {
                problems.add(file + ": unknown or unsupported key " + key);
            }
        });
        String kind = k.path("kind").asText();
        String apiVersion = k.path("apiVersion").asText();
        if (!(kind.equals("Kustomization") && apiVersion.equals("kustomize.config.k8s.io/v1beta1"))
                && !(kind.equals("Component") && apiVersion.equals("kustomize.config.k8s.io/v1alpha1"))) {
            problems.add(file + ": not a Kustomization or Component: " + apiVersion + " " + kind);
        }
        for (JsonNode entry : k.path("resources")) {
            Path target = dir.resolve(entry.asText()).normalize();
            if (Files.isDirectory(target)) {
                Rendered sub = render(target);
                resources.addAll(sub.resources());
                problems.addAll(sub.problems());
            } else if (Files.isRegularFile(target)) {
                USED_FILES.add(target);
                resources.addAll(read(target));
            } else {
                problems.add(file + ": resource " + entry.asText() + " does not exist");
            }
        }
        for (JsonNode entry : k.path("components")) {
            Path target = dir.resolve(entry.asText()).normalize();
            Rendered sub = render(target);
            if (!read(target.resolve("kustomization.yaml")).get(0).path("kind").asText().equals("Component")) {
                problems.add(file + ": " + entry.asText() + " is not a Component");
            }
            resources.addAll(sub.resources());
            problems.addAll(sub.problems());
        }
        for (JsonNode generator : k.path("configMapGenerator")) {
            ObjectNode map = YAML.createObjectNode();
            map.put("apiVersion", "v1").put("kind", "ConfigMap");
            map.putObject("metadata").put("name", generator.path("name").asText());
            ObjectNode data = map.putObject("data");
            for (JsonNode entry : generator.path("files")) {
                String[] keyAndPath = entry.asText().split("=", 2);
                Path source = dir.resolve(keyAndPath[keyAndPath.length - 1]).normalize();
                if (!source.startsWith(dir)) {
                    problems.add(file + ": " + source + " is outside the kustomization (kustomize refuses it)");
                }
                if (!Files.isRegularFile(source)) {
                    problems.add(file + ": generator file " + source + " does not exist");
                    continue;
                }
                USED_FILES.add(source);
                try {
                    data.put(keyAndPath.length == 2 ? keyAndPath[0] : source.getFileName().toString(),
                            Files.readString(source));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            resources.add(map);
        }
        for (JsonNode patch : k.path("patches")) {
            applyPatch(file, dir, patch, resources, problems);
        }
        for (JsonNode labels : k.path("labels")) {
            applyLabels(file, labels, resources, problems);
        }
        for (JsonNode image : k.path("images")) {
            applyImage(file, image, resources, problems);
        }
        return new Rendered(dir, resources, problems);
    }

    private static void applyPatch(Path file, Path dir, JsonNode patch, List<JsonNode> resources, List<String> problems) {
        JsonNode ops;
        String source;
        if (patch.has("patch")) {
            // inline: the operations as YAML text in the kustomization
            source = file + " (inline patch)";
            ops = parse(patch.path("patch").asText());
        } else {
            Path path = dir.resolve(patch.path("path").asText()).normalize();
            if (!Files.isRegularFile(path)) {
                problems.add(file + ": patch " + path + " does not exist");
                return;
            }
            USED_FILES.add(path);
            source = path.toString();
            ops = read(path).get(0);
        }
        if (!ops.isArray()) {
            problems.add(source + ": only JSON 6902 patches (a list of operations) are used here");
            return;
        }
        JsonNode target = patch.path("target");
        List<JsonNode> targets = resources.stream().filter(r -> matches(r, target)).toList();
        if (targets.isEmpty()) {
            problems.add(source + ": the target " + target + " selects nothing");
        }
        for (JsonNode resource : targets) {
            for (JsonNode op : ops) {
                String error = applyOperation((ObjectNode) resource, op);
                if (error != null) {
                    problems.add(source + " on " + describe(resource) + ": " + error);
                }
            }
        }
    }

    /** The kinds whose selector and pod template the labels transformer knows here, as kustomize does. */
    private static final Set<String> WORKLOAD_KINDS = Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet");

    /**
     * Kustomize's {@code labels} entry: its pairs on every resource's metadata.labels, and with
     * {@code includeSelectors} also on the Services' selectors and the workloads' selectors and pod
     * templates ({@code includeTemplates}: on the pod templates only). A kind whose other selectors
     * kustomize would also change (e.g. a PodDisruptionBudget) is reported, not guessed.
     */
    private static void applyLabels(Path file, JsonNode labels, List<JsonNode> resources, List<String> problems) {
        boolean selectors = labels.path("includeSelectors").asBoolean(false);
        boolean templates = selectors || labels.path("includeTemplates").asBoolean(false);
        for (JsonNode resource : resources) {
            String kind = resource.path("kind").asText();
            ObjectNode object = (ObjectNode) resource;
            List<ObjectNode> targets = new ArrayList<>();
            targets.add(object.withObject("/metadata/labels"));
            if (WORKLOAD_KINDS.contains(kind)) {
                if (selectors) {
                    targets.add(object.withObject("/spec/selector/matchLabels"));
                }
                if (templates) {
                    targets.add(object.withObject("/spec/template/metadata/labels"));
                }
            } else if (kind.equals("Service")) {
                if (selectors) {
                    targets.add(object.withObject("/spec/selector"));
                }
            } else if (selectors && !kind.equals("HorizontalPodAutoscaler") && !kind.equals("ConfigMap")
                    && !kind.equals("Secret")) {
                problems.add(file + ": labels with selectors on " + describe(resource) + ", which this renderer does not know");
            }
            for (ObjectNode target : targets) {
                labels.path("pairs").fields().forEachRemaining(e -> target.put(e.getKey(), e.getValue().asText()));
            }
        }
    }

    private static boolean matches(JsonNode resource, JsonNode target) {
        String apiVersion = resource.path("apiVersion").asText();
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        return (!target.has("kind") || target.path("kind").asText().equals(resource.path("kind").asText()))
                && (!target.has("name") || target.path("name").asText().equals(resource.path("metadata").path("name").asText()))
                && (!target.has("group") || target.path("group").asText().equals(group))
                && (!target.has("version") || target.path("version").asText().equals(version));
    }

    /**
     * Applies one JSON 6902 operation (add, remove, replace) in place.
     *
     * @param resource the resource
     * @param op       the operation
     * @return null if applied, else why not
     */
    static String applyOperation(ObjectNode resource, JsonNode op) {
        String path = op.path("path").asText();
        int slash = path.lastIndexOf('/');
        JsonNode parent = resource.at(path.substring(0, slash));
        String last = path.substring(slash + 1).replace("~1", "/").replace("~0", "~");
        if (!(parent instanceof ContainerNode<?>)) {
            return "no parent for " + path;
        }
        String operation = op.path("op").asText();
        if (parent instanceof ObjectNode object) {
            if (!operation.equals("add") && !object.has(last)) {
                return operation + " of missing " + path;
            }
            switch (operation) {
                case "remove" -> object.remove(last);
                case "add", "replace" -> object.set(last, op.path("value").deepCopy());
                default -> {
                    return "unsupported op " + operation;
                }
            }
            return null;
        }
        ArrayNode array = (ArrayNode) parent;
        int index = last.equals("-") ? array.size() : Integer.parseInt(last);
        if (!operation.equals("add") && index >= array.size()) {
            return operation + " of missing " + path;
        }
        switch (operation) {
            case "remove" -> array.remove(index);
            case "replace" -> array.set(index, op.path("value").deepCopy());
            case "add" -> array.insert(index, op.path("value").deepCopy());
            default -> {
                return "unsupported op " + operation;
            }
        }
        return null;
    }

    private static void applyImage(Path file, JsonNode image, List<JsonNode> resources, List<String> problems) {
        String name = image.path("name").asText();
        boolean used = false;
        for (JsonNode resource : resources) {
            for (JsonNode container : resource.path("spec").path("template").path("spec").path("containers")) {
                String current = container.path("image").asText();
                String currentName = imageName(current);
                if (currentName.equals(name)) {
                    used = true;
                    String newName = image.path("newName").asText(currentName);
                    String tag = image.has("newTag") ? image.path("newTag").asText() : current.substring(currentName.length() + 1);
                    ((ObjectNode) container).put("image", newName + ":" + tag);
                }
            }
        }
        if (!used) {
            problems.add(file + ": image " + name + " is used by no container");
        }
    }

    /**
     * @param image an image reference, e.g. {@code icr.io/appcafe/open-liberty:26.0.0.3-kernel-slim}
     * @return it without tag or digest
     */
    static String imageName(String image) {
        String withoutDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int colon = withoutDigest.lastIndexOf(':');
        return colon > withoutDigest.lastIndexOf('/') ? withoutDigest.substring(0, colon) : withoutDigest;
    }

    /**
     * @param image an image reference
     * @return its tag, or null if it has none
     */
    static String imageTag(String image) {
        String withoutDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int colon = withoutDigest.lastIndexOf(':');
        return colon > withoutDigest.lastIndexOf('/') ? withoutDigest.substring(colon + 1) : null;
    }

    /**
     * @return the example Secrets (name to keys), which stand for the Secrets an operator creates
     */
    static Map<String, Set<String>> exampleSecrets() {
        Map<String, Set<String>> secrets = new LinkedHashMap<>();
        for (JsonNode doc : read(K8S.resolve("secrets/example-secrets.yaml"))) {
            Set<String> keys = new java.util.TreeSet<>();
            doc.path("stringData").fieldNames().forEachRemaining(keys::add);
            doc.path("data").fieldNames().forEachRemaining(keys::add);
            secrets.put(doc.path("metadata").path("name").asText(), keys);
        }
        return secrets;
    }
}
