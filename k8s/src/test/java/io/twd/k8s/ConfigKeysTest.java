package io.twd.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every key of the services' ConfigMaps is read by the service it configures: a Liberty
 * variable of the shared configuration or of the service's server.xml, or a MicroProfile
 * Config property of its WAR, under the environment variable name both map it to (upper case,
 * {@code _} for every other character), or, when its server enables MicroProfile Telemetry, one
 * of the OpenTelemetry SDK's environment variables. A misspelt or stale key would be ignored
 * silently.
 */
class ConfigKeysTest {

    /** The server feature that brings the OpenTelemetry SDK (configured by OTEL_* variables). */
    static final Pattern TELEMETRY_FEATURE = Pattern.compile("<feature>\\s*mpTelemetry-2\\.\\d+\\s*</feature>");
    /**
     * The OpenTelemetry SDK's environment variables (its autoconfiguration, as MicroProfile
     * Telemetry reads them) that this project sets or may set.
     */
    static final Set<String> OTEL_SDK_VARIABLES = Set.of("OTEL_SDK_DISABLED", "OTEL_SERVICE_NAME",
            "OTEL_RESOURCE_ATTRIBUTES", "OTEL_TRACES_EXPORTER", "OTEL_METRICS_EXPORTER", "OTEL_LOGS_EXPORTER",
            "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_HEADERS",
            "OTEL_EXPORTER_OTLP_TIMEOUT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL",
            "OTEL_TRACES_SAMPLER", "OTEL_TRACES_SAMPLER_ARG", "OTEL_PROPAGATORS");

    private static String envName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static Set<String> readKeys(String service) throws IOException {
        Set<String> keys = new TreeSet<>();
        List<Path> xml = new ArrayList<>();
        try (Stream<Path> shared = Files.list(Manifests.REPO.resolve("liberty"))) {
            shared.filter(f -> f.toString().endsWith(".xml")).forEach(xml::add);
        }
        xml.add(Manifests.REPO.resolve(service + "-war/src/main/liberty/config/server.xml"));
        Pattern variable = Pattern.compile("<variable\\s+name=\"([^\"]+)\"");
        boolean telemetry = false;
        for (Path file : xml) {
            String text = Files.readString(file);
            Matcher m = variable.matcher(text);
            while (m.find()) {
                keys.add(envName(m.group(1)));
            }
            telemetry |= TELEMETRY_FEATURE.matcher(text).find();
        }
        if (telemetry) {
            keys.addAll(OTEL_SDK_VARIABLES);
        }
        Path properties = Manifests.REPO.resolve(service + "-war/src/main/resources/META-INF/microprofile-config.properties");
        if (Files.exists(properties)) {
            Properties p = new Properties();
            p.load(new StringReader(Files.readString(properties)));
            p.stringPropertyNames().forEach(k -> keys.add(envName(k)));
        }
        return keys;
    }

    @Test
    void everyConfigMapKeyIsReadByItsService() throws IOException {
        List<String> problems = new ArrayList<>();
        Set<String> readByAll = null;
        Set<String> readByAny = new TreeSet<>();
        for (String service : Manifests.SERVICES.keySet()) {
            Set<String> keys = readKeys(service);
            readByAny.addAll(keys);
            readByAll = readByAll == null ? new TreeSet<>(keys) : readByAll;
            readByAll.retainAll(keys);
        }
        for (JsonNode map : Manifests.read(Manifests.K8S.resolve("base/config.yaml"))) {
            String name = map.path("metadata").path("name").asText();
            Set<String> known;
            if (name.equals("twd-common")) {
                known = readByAny;
            } else {
                known = readKeys(name.substring(0, name.indexOf("-config")));
            }
            map.path("data").fieldNames().forEachRemaining(key -> {
                if (!known.contains(key)) {
                    problems.add(name + ": " + key + " is read by no service it configures");
                }
            });
        }
        assertThat(problems).isEmpty();
        assertThat(readByAll).as("what every service reads").contains("DB_KIND", "DB_HOST", "BROKER_HOST", "HTTP_HOST",
                "OIDC_ISSUER", "OIDC_JWKS_URL", "OIDC_AUDIENCE", "OTEL_SDK_DISABLED", "OTEL_SERVICE_NAME");
    }
}
