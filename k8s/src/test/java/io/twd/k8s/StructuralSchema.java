package io.twd.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a custom resource against its CRD's structural schema (openAPIV3Schema) as the API
 * server's pruning and validation would: unknown fields (pruned by the server, silently: here
 * an error), types, required fields, enums, patterns and numeric bounds; {@code metadata} is
 * left to the server. The CRD is read with the fabric8 model from a vendored file.
 */
final class StructuralSchema {

    private final String group;
    private final String kind;
    private final Map<String, JSONSchemaProps> versions = new java.util.HashMap<>();

    private StructuralSchema(CustomResourceDefinition crd) {
        this.group = crd.getSpec().getGroup();
        this.kind = crd.getSpec().getNames().getKind();
        for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
            versions.put(version.getName(), version.getSchema().getOpenAPIV3Schema());
        }
    }

    /**
     * @param crdFile a CustomResourceDefinition (apiextensions.k8s.io/v1) YAML file
     * @return its schema
     */
    static StructuralSchema of(Path crdFile) {
        JsonNode doc = Manifests.read(crdFile).get(0);
        CustomResourceDefinition crd = Manifests.typed(doc, CustomResourceDefinition.class);
        List<String> unknown = Manifests.unknownFields(crd);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(crdFile + ": unknown fields " + unknown);
        }
        return new StructuralSchema(crd);
    }

    /**
     * @param doc a manifest
     * @return true if it is a resource of this CRD
     */
    boolean covers(JsonNode doc) {
        String apiVersion = doc.path("apiVersion").asText();
        return doc.path("kind").asText().equals(kind) && apiVersion.startsWith(group + "/");
    }

    /**
     * @param doc a resource of this CRD
     * @return what is wrong with it, empty if nothing
     */
    List<String> validate(JsonNode doc) {
        List<String> errors = new ArrayList<>();
        String version = doc.path("apiVersion").asText().substring(group.length() + 1);
        JSONSchemaProps schema = versions.get(version);
        if (schema == null) {
            errors.add(Manifests.describe(doc) + ": version " + version + " is not served by the CRD");
            return errors;
        }
        check(doc, schema, "", errors);
        return errors;
    }

    private static void check(JsonNode value, JSONSchemaProps schema, String path, List<String> errors) {
        if (path.equals(".metadata")) {
            if (!value.isObject()) {
                errors.add(path + ": not an object");
            }
            return;
        }
        if (Boolean.TRUE.equals(schema.getXKubernetesIntOrString())) {
            if (!value.isIntegralNumber() && !value.isTextual()) {
                errors.add(path + ": must be an integer or a string, is " + value.getNodeType());
            }
            checkString(value, schema, path, errors);
            return;
        }
        String type = schema.getType();
        if (type == null) {
            return;
        }
        switch (type) {
            case "object" -> checkObject(value, schema, path, errors);
            case "array" -> {
                if (!value.isArray()) {
                    errors.add(path + ": must be an array, is " + value.getNodeType());
                    return;
                }
                for (int i = 0; i < value.size(); i++) {
                    check(value.get(i), schema.getItems().getSchema(), path + "[" + i + "]", errors);
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    errors.add(path + ": must be a string, is " + value.getNodeType());
                    return;
                }
                checkString(value, schema, path, errors);
            }
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    errors.add(path + ": must be an integer, is " + value.getNodeType());
                    return;
                }
                checkBounds(value, schema, path, errors);
            }
            case "number" -> {
                if (!value.isNumber()) {
                    errors.add(path + ": must be a number, is " + value.getNodeType());
                    return;
                }
                checkBounds(value, schema, path, errors);
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    errors.add(path + ": must be a boolean, is " + value.getNodeType());
                }
            }
            default -> errors.add(path + ": the schema has an unsupported type " + type);
        }
    }

    private static void checkObject(JsonNode value, JSONSchemaProps schema, String path, List<String> errors) {
        if (!value.isObject()) {
            errors.add(path + ": must be an object, is " + value.getNodeType());
            return;
        }
        if (schema.getRequired() != null) {
            for (String required : schema.getRequired()) {
                if (!value.has(required)) {
                    errors.add(path + ": required field " + required + " is missing");
                }
            }
        }
        Map<String, JSONSchemaProps> properties = schema.getProperties() == null ? Map.of() : schema.getProperties();
        JSONSchemaProps additional = schema.getAdditionalProperties() == null ? null
                : schema.getAdditionalProperties().getSchema();
        boolean preserve = Boolean.TRUE.equals(schema.getXKubernetesPreserveUnknownFields());
        value.fields().forEachRemaining(field -> {
            String fieldPath = path + "." + field.getKey();
            JSONSchemaProps fieldSchema = properties.get(field.getKey());
            if (fieldSchema != null) {
                check(field.getValue(), fieldSchema, fieldPath, errors);
            } else if (additional != null) {
                check(field.getValue(), additional, fieldPath, errors);
            } else if (!preserve) {
                errors.add(fieldPath + ": unknown field (the API server would prune it)");
            }
        });
    }

    private static void checkString(JsonNode value, JSONSchemaProps schema, String path, List<String> errors) {
        if (!value.isTextual()) {
            return;
        }
        if (schema.getEnum() != null && !schema.getEnum().isEmpty()
                && schema.getEnum().stream().noneMatch(e -> e.asText().equals(value.asText()))) {
            errors.add(path + ": " + value.asText() + " is not one of "
                    + schema.getEnum().stream().map(JsonNode::asText).toList());
        }
        if (schema.getPattern() != null && !java.util.regex.Pattern.compile(schema.getPattern()).matcher(value.asText()).find()) {
            errors.add(path + ": " + value.asText() + " does not match " + schema.getPattern());
        }
    }

    private static void checkBounds(JsonNode value, JSONSchemaProps schema, String path, List<String> errors) {
        if (schema.getMinimum() != null && value.asDouble() < schema.getMinimum()) {
            errors.add(path + ": " + value + " is below the minimum " + schema.getMinimum());
        }
        if (schema.getMaximum() != null && value.asDouble() > schema.getMaximum()) {
            errors.add(path + ": " + value + " is above the maximum " + schema.getMaximum());
        }
    }
}
