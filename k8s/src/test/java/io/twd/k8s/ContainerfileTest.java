package io.twd.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The services' one Containerfile ({@value #SERVICE_CONTAINERFILE}, build context: the repository
 * root), read for each service with its build arguments {@code SERVICE} and {@code PORT} expanded,
 * follows the Open Liberty image recipe: the official image with a fixed tag; server
 * configuration first, then {@code features.sh}; then the application, the Artemis resource
 * adapter and the PostgreSQL driver; then {@code configure.sh}; running as user 1001. The files it
 * copies from the source tree exist, and the WAR it copies is the one the server configuration
 * deploys.
 */
class ContainerfileTest {

    /** The one Containerfile of the five services, relative to the repository root. */
    static final String SERVICE_CONTAINERFILE = "service-parent/Containerfile";

    /** The local run's credentials in {@code liberty/}: never copied into an image. */
    static final String LOCAL_CREDENTIALS = "local.xml";

    /** One instruction: keyword and arguments, continuation lines joined. */
    record Instruction(String keyword, String args) {
    }

    static List<String> services() {
        return List.copyOf(Manifests.SERVICES.keySet());
    }

    static List<Instruction> parse(Path file) throws IOException {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(file)) {
            String trimmed = line.strip();
            if (current.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            String text = current.toString().strip();
            int space = text.indexOf(' ');
            instructions.add(new Instruction(text.substring(0, space).toUpperCase(), text.substring(space + 1).strip()));
            current.setLength(0);
        }
        return instructions;
    }

    /**
     * @param service a service
     * @return the services' Containerfile as that service's build reads it: its build arguments
     *     {@code SERVICE} and {@code PORT} (declared after FROM, and checked not to be empty
     *     before anything else runs) expanded to the service's name and port
     * @throws IOException if the file cannot be read
     */
    static List<Instruction> serviceImage(String service) throws IOException {
        List<Instruction> in = parse(Manifests.REPO.resolve(SERVICE_CONTAINERFILE));
        assertThat(in.subList(1, 4)).as("ARG SERVICE, ARG PORT, then a RUN that refuses an empty one")
                .startsWith(new Instruction("ARG", "SERVICE"), new Instruction("ARG", "PORT"));
        assertThat(in.get(3).keyword()).isEqualTo("RUN");
        assertThat(in.get(3).args()).contains("test -n \"${SERVICE}\"", "test -n \"${PORT}\"", "exit 1");
        Map<String, String> args = Map.of("SERVICE", service, "PORT", String.valueOf(Manifests.SERVICES.get(service)));
        return in.stream().map(i -> i.keyword().equals("RUN") ? i : new Instruction(i.keyword(), expand(i.args(), args)))
                .toList();
    }

    private static String expand(String text, Map<String, String> args) {
        Matcher m = Pattern.compile("\\$\\{([A-Z_]+)}").matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(args.getOrDefault(m.group(1), m.group())));
        }
        return m.appendTail(out).toString();
    }

    private static int index(List<Instruction> instructions, String keyword, String argsPattern) {
        return IntStream.range(0, instructions.size())
                .filter(i -> instructions.get(i).keyword().equals(keyword)
                        && Pattern.compile(argsPattern).matcher(instructions.get(i).args()).find())
                .findFirst().orElse(-1);
    }

    @ParameterizedTest
    @MethodSource("services")
    void followsTheOpenLibertyImageRecipe(String service) throws IOException {
        List<Instruction> in = serviceImage(service);

        Instruction from = in.get(0);
        assertThat(from.keyword()).isEqualTo("FROM");
        assertThat(in.stream().filter(i -> i.keyword().equals("FROM"))).hasSize(1);
        String image = from.args().split("\\s+")[0];
        assertThat(Manifests.imageName(image)).isEqualTo("icr.io/appcafe/open-liberty");
        String tag = Manifests.imageTag(image);
        assertThat(tag).as("a fixed tag").isNotNull().doesNotContain("latest")
                .startsWith("26.0.0.3-").contains("kernel-slim").containsPattern("java(17|21)").contains("ubi");

        int serverXml = index(in, "COPY", "^--chown=1001:0 " + service + "-war/src/main/liberty/config/server\\.xml /config/server\\.xml$");
        int shared = index(in, "COPY", "liberty/base\\.xml .*liberty/messaging\\.xml .*liberty/db-postgresql\\.xml /config/shared/$");
        int configDir = Math.max(index(in, "RUN", "twd\\.config\\.dir=/config/shared.*bootstrap\\.properties"),
                index(in, "ENV", "TWD_CONFIG_DIR=/config/shared"));
        int features = index(in, "RUN", "^features\\.sh$");
        int war = index(in, "COPY", "^--chown=1001:0 " + service + "-war/target/" + service + "\\.war /config/apps/" + service + "\\.war$");
        int rar = index(in, "COPY", "^--chown=1001:0 artemis-rar/target/artemis-rar-\\*\\.rar /config/lib/artemis-rar\\.rar$");
        int driver = index(in, "COPY", " /config/lib/postgresql/$");
        int configure = index(in, "RUN", "^configure\\.sh$");
        int user = index(in, "USER", "^1001$");
        assertThat(List.of(serverXml, shared, configDir, features, war, rar, driver, configure, user))
                .as("server.xml, shared config, twd.config.dir, features.sh, WAR, RAR, driver, configure.sh, USER 1001")
                .doesNotContain(-1);
        // every shared configuration file (base.xml includes jwt.xml, server.xml the others) is in
        // the image, except the local run's credentials: an image carries no password
        String copied = in.get(shared).args();
        try (var files = Files.list(Manifests.REPO.resolve("liberty"))) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".xml"))
                    .filter(n -> !n.equals(LOCAL_CREDENTIALS)))
                    .allSatisfy(xml -> assertThat(copied).as("COPY of the shared configuration").contains("liberty/" + xml));
        }
        assertThat(in).as("no instruction copies " + LOCAL_CREDENTIALS)
                .noneMatch(i -> i.args().contains(LOCAL_CREDENTIALS));
        assertThat(serverXml).isLessThan(features);
        assertThat(shared).isLessThan(features);
        assertThat(configDir).isLessThan(features);
        assertThat(features).isLessThan(war).isLessThan(rar).isLessThan(driver);
        assertThat(configure).isGreaterThan(war).isGreaterThan(rar).isGreaterThan(driver);
        Instruction lastUser = in.stream().filter(i -> i.keyword().equals("USER")).reduce((a, b) -> b).orElseThrow();
        assertThat(lastUser.args()).isEqualTo("1001");
    }

    @ParameterizedTest
    @MethodSource("services")
    void copiesWhatExistsAndWhatTheServerDeploys(String service) throws IOException {
        List<Instruction> in = serviceImage(service);
        assertCopiesExistAndAreKept(in);
        String serverXml = Files.readString(Manifests.REPO.resolve(service + "-war/src/main/liberty/config/server.xml"));
        Matcher location = Pattern.compile("<webApplication[^>]*location=\"([^\"]+)\"").matcher(serverXml);
        assertThat(location.find()).isTrue();
        assertThat(location.group(1)).isEqualTo(service + ".war");
        Matcher port = Pattern.compile("name=\"http.port\" defaultValue=\"(\\d+)\"").matcher(serverXml);
        assertThat(port.find()).isTrue();
        assertThat(Integer.parseInt(port.group(1))).isEqualTo(Manifests.SERVICES.get(service));
        assertThat(in).contains(new Instruction("EXPOSE", port.group(1)));
    }

    /**
     * The gateway image (the web front end on the cluster, k8s/components/web): nginx's
     * unprivileged image with a fixed tag, a non-root numeric user (Kubernetes can then check
     * runAsNonRoot), render.sh run by the image's entrypoint before nginx starts, nginx started on
     * the rendered configuration, the copied files present and kept by containerignore, and
     * EXPOSE the port the configuration listens on.
     */
    @Test
    void theGatewayImageRunsNginxUnprivilegedWithTheWebFrontEnd() throws IOException {
        Path file = Manifests.REPO.resolve("gateway/Containerfile");
        List<Instruction> in = parse(file);
        assertThat(in.get(0).keyword()).isEqualTo("FROM");
        assertThat(in.stream().filter(i -> i.keyword().equals("FROM"))).hasSize(1);
        String image = in.get(0).args().split("\\s+")[0];
        assertThat(Manifests.imageName(image)).isEqualTo("docker.io/nginxinc/nginx-unprivileged");
        assertThat(Manifests.imageTag(image)).as("a fixed tag").isNotNull().matches("\\d+\\.\\d+\\.\\d+-bookworm");
        Instruction user = in.stream().filter(i -> i.keyword().equals("USER")).reduce((a, b) -> b).orElseThrow();
        assertThat(user.args()).as("a numeric user that is not root").matches("\\d+").isNotEqualTo("0");
        assertThat(index(in, "COPY", "gateway/nginx\\.conf\\.template /etc/twd/nginx\\.conf\\.template$")).isNotNegative();
        assertThat(index(in, "COPY", "^--chmod=755 gateway/render\\.sh /docker-entrypoint\\.d/[^ ]+\\.sh$")).isNotNegative();
        // the limits per client: their defaults, which render.sh reads from there
        assertThat(index(in, "COPY", "gateway/limits\\.env /etc/twd/limits\\.env$")).isNotNegative();
        assertThat(Files.readString(Manifests.REPO.resolve("gateway/render.sh")))
                .contains("limits=${GATEWAY_LIMITS:-/etc/twd/limits.env}").contains(". \"$limits\"");
        assertThat(index(in, "COPY", "^web/target/dist/ ")).isNotNegative();
        assertThat(index(in, "CMD", "\"nginx\", \"-c\", \"/tmp/twd/nginx\\.conf\"")).isNotNegative();
        assertThat(Files.readString(Manifests.REPO.resolve("gateway/render.sh")))
                .contains("prefix=${GATEWAY_PREFIX:-/tmp/twd}")
                .contains("template=${GATEWAY_TEMPLATE:-/etc/twd/nginx.conf.template}");
        Matcher port = Pattern.compile("GATEWAY_PORT=(\\d+)").matcher(
                in.stream().filter(i -> i.keyword().equals("ENV")).map(Instruction::args).reduce("", String::concat));
        assertThat(port.find()).isTrue();
        assertThat(in).contains(new Instruction("EXPOSE", port.group(1)));
        assertCopiesExistAndAreKept(in);
    }

    /**
     * gateway/render.sh, the one renderer of the gateway's configuration (the image, ./twd and the
     * tests' Gateway run it), with the image's environment: nginx listens on every interface on
     * GATEWAY_PORT, logs to stdout and stderr, trusts the proxies named, takes a limit from the
     * environment and the others from limits.env, sends each upstream its own name as Host, and
     * leaves no placeholder; the local settings give loopback, log files, the workers' user and
     * the one server's Host of each service.
     */
    @Test
    void renderShWritesTheImagesConfigurationAndTheLocalOne(@TempDir Path dir) throws Exception {
        Map<String, String> image = new java.util.HashMap<>(Map.of(
                "GATEWAY_PORT", "8088", "WEB_ROOT", "/usr/share/twd/web", "OIDC_ISSUER", "https://sso.example/realms/twd",
                "GATEWAY_TRUSTED_PROXIES", "10.0.0.0/8 192.168.1.1", "GATEWAY_WRITE_RATE", "7",
                "SHOP_SERVERS", "server shop:8081;", "ORDER_SERVERS", "server order:8082;",
                "DELIVERY_SERVERS", "server delivery:8083;", "MESSAGE_SERVERS", "server message:8084;"));
        image.put("MYPAGE_SERVERS", "server mypage:8085;");
        String conf = render(dir.resolve("image"), image);
        assertThat(conf).doesNotContainPattern("(?m)^[^#]*@[A-Z_]+@").contains("listen 8088;").contains("access_log /dev/stdout;")
                .contains("error_log stderr warn;").doesNotContain("\nuser ")
                .contains("set_real_ip_from 10.0.0.0/8; set_real_ip_from 192.168.1.1; real_ip_header X-Forwarded-For;")
                .contains("rate=7r/s").contains("connect-src 'self' https://sso.example;")
                .contains("map $proxy_host $service_host { default $proxy_host;  }")
                .contains("upstream mypage   { server mypage:8085;");
        String defaults = Files.readString(Manifests.REPO.resolve("gateway/limits.env"));
        Matcher burst = Pattern.compile("GATEWAY_WRITE_BURST=(\\d+)").matcher(defaults);
        assertThat(burst.find()).isTrue();
        assertThat(conf).contains("burst=" + burst.group(1) + " nodelay");

        Map<String, String> local = new java.util.HashMap<>(image);
        local.putAll(Map.of("GATEWAY_LISTEN_HOST", "127.0.0.1", "GATEWAY_LOGS", "files", "GATEWAY_USER", "nobody nogroup",
                "GATEWAY_SERVICE_HOSTS", "shop 127.0.0.1:8081; order 127.0.0.1:8082;", "GATEWAY_TRUSTED_PROXIES", ""));
        Path prefix = dir.resolve("local");
        conf = render(prefix, local);
        assertThat(conf).doesNotContainPattern("(?m)^[^#]*@[A-Z_]+@").contains("listen 127.0.0.1:8088;").contains("\nuser nobody nogroup;")
                .contains("access_log " + prefix + "/logs/access.log;").doesNotContain("set_real_ip_from")
                .contains("map $proxy_host $service_host { default $proxy_host; shop 127.0.0.1:8081; order 127.0.0.1:8082; }");
    }

    /** Runs gateway/render.sh on the repository's template and limits into {@code prefix}; returns what it wrote. */
    private static String render(Path prefix, Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("sh", Manifests.REPO.resolve("gateway/render.sh").toString())
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("GATEWAY_"));
        builder.environment().putAll(environment);
        builder.environment().put("GATEWAY_PREFIX", prefix.toString());
        builder.environment().put("GATEWAY_TEMPLATE", Manifests.REPO.resolve("gateway/nginx.conf.template").toString());
        builder.environment().put("GATEWAY_LIMITS", Manifests.REPO.resolve("gateway/limits.env").toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as("render.sh: " + output).isZero();
        return Files.readString(prefix.resolve("nginx.conf"));
    }

    /**
     * The broker image (k8s/base/broker.yaml): the official Artemis image at the version the
     * project builds and tests with (the root pom's artemis.version), plus the Prometheus JMX
     * exporter's agent, copied from where broker/pom.xml puts it to where broker.yaml's
     * METRICS_AGENT_JAR expects it; the base image's user kept (no USER, or a numeric non-root one),
     * the copied files kept by containerignore (the jar is a build output: it exists after
     * {@code ./mvnw package}, like the services' WARs).
     */
    @Test
    void theBrokerImageIsTheArtemisImageWithTheMetricsAgent() throws IOException {
        Path file = Manifests.REPO.resolve("broker/Containerfile");
        assertThat(file).exists();
        List<Instruction> in = parse(file);
        assertThat(in.get(0).keyword()).isEqualTo("FROM");
        assertThat(in.stream().filter(i -> i.keyword().equals("FROM"))).hasSize(1);
        String image = in.get(0).args().split("\\s+")[0];
        assertThat(Manifests.imageName(image)).isEqualTo("docker.io/apache/activemq-artemis");
        Matcher version = Pattern.compile("<artemis\\.version>([^<]+)</artemis\\.version>")
                .matcher(Files.readString(Manifests.REPO.resolve("pom.xml")));
        assertThat(version.find()).as("the root pom.xml defines artemis.version").isTrue();
        assertThat(Manifests.imageTag(image)).as("the Artemis version the project tests with").isEqualTo(version.group(1).trim());

        String brokerPom = Files.readString(Manifests.REPO.resolve("broker/pom.xml"));
        Matcher agent = Pattern.compile("<artifactId>jmx_prometheus_javaagent</artifactId>.*?<destFileName>([^<]+)</destFileName>"
                + ".*?<outputDirectory>\\$\\{project\\.build\\.directory\\}/([^<]+)</outputDirectory>", Pattern.DOTALL)
                .matcher(brokerPom);
        assertThat(agent.find()).as("broker/pom.xml copies the JMX exporter agent into target/").isTrue();
        String built = "broker/target/" + agent.group(2) + "/" + agent.group(1);
        String agentJar = null;
        for (com.fasterxml.jackson.databind.JsonNode env : brokerContainer().path("env")) {
            if (env.path("name").asText().equals("METRICS_AGENT_JAR")) {
                agentJar = env.path("value").asText();
            }
        }
        assertThat(agentJar).as("broker.yaml's METRICS_AGENT_JAR").isNotNull();
        int copy = index(in, "COPY", "(^| )" + Pattern.quote(built) + " " + Pattern.quote(agentJar) + "$");
        assertThat(copy).as("COPY " + built + " " + agentJar).isNotNegative();
        in.stream().filter(i -> i.keyword().equals("USER")).forEach(user ->
                assertThat(user.args()).as("a numeric user that is not root").matches("\\d+").isNotEqualTo("0"));
        assertThat(in).as("the base image's entry point and command are not replaced (broker.yaml runs its own script)")
                .noneMatch(i -> i.keyword().equals("ENTRYPOINT") || i.keyword().equals("CMD"));
        assertCopiesExistAndAreKept(in);
    }

    private static com.fasterxml.jackson.databind.JsonNode brokerContainer() {
        for (com.fasterxml.jackson.databind.JsonNode doc : Manifests.read(Manifests.K8S.resolve("base/broker.yaml"))) {
            if (doc.path("kind").asText().equals("StatefulSet") && doc.path("metadata").path("name").asText().equals("broker")) {
                return doc.path("spec").path("template").path("spec").path("containers").get(0);
            }
        }
        throw new AssertionError("no StatefulSet broker in k8s/base/broker.yaml");
    }

    /**
     * Every source a COPY names exists in the repository (a build output under {@code target/}
     * once built) and is kept in the build context by {@code k8s/containerignore}.
     */
    private static void assertCopiesExistAndAreKept(List<Instruction> in) throws IOException {
        List<String> kept = Files.readAllLines(Manifests.K8S.resolve("containerignore")).stream()
                .filter(l -> l.startsWith("!")).map(l -> l.substring(1)).toList();
        for (Instruction copy : in.stream().filter(i -> i.keyword().equals("COPY")).toList()) {
            List<String> words = new ArrayList<>(List.of(copy.args().split("\\s+")));
            words.removeIf(w -> w.startsWith("--"));
            for (String source : words.subList(0, words.size() - 1)) {
                String path = source.endsWith("/") ? source.substring(0, source.length() - 1) : source;
                if (!path.contains("target/")) {
                    assertThat(Manifests.REPO.resolve(path)).as(copy.toString()).exists();
                }
                assertThat(kept).as(path + " is kept in the build context by k8s/containerignore")
                        .anyMatch(p -> FileSystems.getDefault().getPathMatcher("glob:" + p).matches(Path.of(path)));
            }
        }
    }

    @Test
    void noConfigurationAnImageCopiesGivesAPasswordOrASecretADefault() throws IOException {
        // keystore.password (jwt.xml) is no credential: the key store holds only the key the server
        // makes for itself at its first start, and the server serves nothing with it (no TLS)
        Pattern passwordDefault = Pattern.compile(
                "<variable\\s+name=\"(?!keystore\\.password\")[^\"]*(password|secret)[^\"]*\"[^>]*defaultValue=");
        try (var files = Files.list(Manifests.REPO.resolve("liberty"))) {
            List<Path> copied = files.filter(f -> f.getFileName().toString().endsWith(".xml"))
                    .filter(f -> !f.getFileName().toString().equals(LOCAL_CREDENTIALS)).toList();
            assertThat(copied).isNotEmpty();
            for (Path xml : copied) {
                assertThat(passwordDefault.matcher(Files.readString(xml)).find()).as(xml + " gives a password a default")
                        .isFalse();
            }
        }
        // the WAR's own configuration, which every image carries: no password or secret either
        Pattern valuedSecret = Pattern.compile("(?m)^[^#=]*(password|secret)[^=]*=\\s*\\S");
        for (String service : services()) {
            String serverXml = Files.readString(Manifests.REPO.resolve(service + "-war/src/main/liberty/config/server.xml"));
            assertThat(passwordDefault.matcher(serverXml).find()).as(service + "'s server.xml gives a password a default")
                    .isFalse();
            assertThat(serverXml).as(service + "'s server.xml takes the local credentials only where they exist")
                    .contains("<include location=\"${twd.config.dir}/" + LOCAL_CREDENTIALS + "\" optional=\"true\"/>");
            Path properties = Manifests.REPO.resolve(service + "-war/src/main/resources/META-INF/microprofile-config.properties");
            if (Files.exists(properties)) {
                assertThat(valuedSecret.matcher(Files.readString(properties)).find())
                        .as(service + "'s microprofile-config.properties gives a password or secret a value").isFalse();
            }
        }
        String local = Files.readString(Manifests.REPO.resolve("liberty/" + LOCAL_CREDENTIALS));
        assertThat(passwordDefault.matcher(local).find()).as("the local run keeps its defaults").isTrue();
        assertThat(local).as("the order service's client secret, the local run's only")
                .contains("<variable name=\"order.identity.client-secret\" defaultValue=");
    }
}
