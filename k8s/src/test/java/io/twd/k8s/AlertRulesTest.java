package io.twd.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Prometheus alerting rules ({@code monitoring/prometheus/alerts.yml}) pass {@code promtool
 * check rules} and their unit tests ({@code alerts.test.yml}, {@code promtool test rules}); each
 * alert has a case where it fires and one where it stays quiet; and the unit tests catch a
 * broken rule: each rule changed in one place (a threshold, a "for", an aggregation) makes
 * them fail. promtool comes with Debian's prometheus package.
 */
class AlertRulesTest {

    static final Path RULES_DIR = Manifests.REPO.resolve("monitoring/prometheus");
    static final Path RULES = RULES_DIR.resolve("alerts.yml");
    static final Path RULE_TESTS = RULES_DIR.resolve("alerts.test.yml");

    /** What promtool printed, and how it ended. */
    record Run(int exitCode, String output) {
    }

    static String promtool() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "promtool");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return fail("promtool is not on the PATH: install Debian's prometheus package (apt-get install prometheus), "
                + "which brings promtool, to check and unit-test monitoring/prometheus/alerts.yml");
    }

    static Run run(Path workDir, String... args) {
        List<String> command = new ArrayList<>();
        command.add(promtool());
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return fail(String.join(" ", command) + " did not end within 120 s:\n" + output);
            }
            return new Run(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theRulesPassPromtoolsCheck() {
        Run check = run(RULES_DIR, "check", "rules", RULES.getFileName().toString());
        assertThat(check.exitCode()).as("promtool check rules alerts.yml:\n" + check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS");
    }

    @Test
    void theRulesPassTheirUnitTests() {
        Run test = run(RULES_DIR, "test", "rules", RULE_TESTS.getFileName().toString());
        assertThat(test.exitCode()).as("promtool test rules alerts.test.yml:\n" + test.output()).isZero();
        assertThat(test.output()).contains("SUCCESS");
    }

    @Test
    void everyAlertHasAFiringAndAQuietCaseASeverityASummaryAndADescription() {
        Map<String, Set<String>> cases = new TreeMap<>();
        for (JsonNode test : Manifests.read(RULE_TESTS).get(0).path("tests")) {
            for (JsonNode ruleTest : test.path("alert_rule_test")) {
                cases.computeIfAbsent(ruleTest.path("alertname").asText(), a -> new TreeSet<>())
                        .add(ruleTest.path("exp_alerts").isEmpty() ? "quiet" : "firing");
            }
        }
        List<String> problems = new ArrayList<>();
        Set<String> alerts = new TreeSet<>();
        for (JsonNode group : Manifests.read(RULES).get(0).path("groups")) {
            assertThat(group.path("name").asText()).isEqualTo("twd");
            for (JsonNode rule : group.path("rules")) {
                String alert = rule.path("alert").asText();
                alerts.add(alert);
                if (!Set.of("critical", "warning").contains(rule.path("labels").path("severity").asText())) {
                    problems.add(alert + ": severity must be critical or warning");
                }
                for (String annotation : List.of("summary", "description")) {
                    if (rule.path("annotations").path(annotation).asText().isBlank()) {
                        problems.add(alert + ": no " + annotation);
                    }
                }
                if (!cases.getOrDefault(alert, Set.of()).containsAll(Set.of("firing", "quiet"))) {
                    problems.add(alert + ": alerts.test.yml needs a case where it fires and one where it must not, has "
                            + cases.getOrDefault(alert, Set.of()));
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(alerts).contains("TwdServiceDown", "TwdServiceNotReady", "TwdDeliveryCircuitOpen", "TwdDeadLetters",
                "TwdSubscriptionBacklogGrowing", "TwdHighServerErrorRate", "TwdOrderLatencyHigh", "TwdOutboxEventsParked");
        assertThat(cases.keySet()).as("alerts the unit tests name").isSubsetOf(alerts);
    }

    /** One change to one rule that its unit tests must notice. */
    static Stream<Arguments> brokenRules() {
        return Stream.of(
                Arguments.of("TwdServiceDown", "for: 1m", "for: 3m"),
                Arguments.of("TwdServiceNotReady", "for: 2m", "for: 30s"),
                Arguments.of("TwdBrokerMetricsDown", " or absent(up{job=\"broker\"})", ""),
                Arguments.of("TwdDeliveryCircuitOpen", "> 0.25", "> 0.9"),
                Arguments.of("TwdDeliveryCircuitOpen", "> 0.25", "> 0.01"),
                Arguments.of("TwdDeadLetters", "for: 1m", "for: 0s"),
                Arguments.of("TwdSubscriptionBacklogGrowing", "> 100", "> 10"),
                Arguments.of("TwdSubscriptionWithoutConsumer", "for: 5m", "for: 1m"),
                Arguments.of("TwdHighServerErrorRate", ") > 0.05", ") > 0.01"),
                Arguments.of("TwdHighServerErrorRate", " > 0.02", " > 0.01"),
                Arguments.of("TwdOrderLatencyHigh", "max by (job)", "min by (job)"),
                Arguments.of("TwdOrderLatencyHigh", ") > 1", ") > 0.5"),
                Arguments.of("TwdOutboxEventsParked", "for: 1m", "for: 0s"),
                Arguments.of("TwdOutboxEventsParked", "shop|order|delivery", "shop|order|delivery|message"));
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @MethodSource("brokenRules")
    void theUnitTestsCatchABrokenRule(String alert, String from, String to, @TempDir Path dir) throws IOException {
        String rules = Files.readString(RULES);
        int start = rules.indexOf("- alert: " + alert + "\n");
        int end = rules.indexOf("- alert: ", start + 1);
        end = end < 0 ? rules.length() : end;
        String rule = rules.substring(start, end);
        assertThat(start).as(alert + " in alerts.yml").isNotNegative();
        assertThat(rule.split(java.util.regex.Pattern.quote(from), -1)).as(alert + " has " + from + " once").hasSize(2);
        Files.writeString(dir.resolve("alerts.yml"), rules.substring(0, start) + rule.replace(from, to) + rules.substring(end));
        Files.copy(RULE_TESTS, dir.resolve("alerts.test.yml"));

        assertThat(run(dir, "check", "rules", "alerts.yml").exitCode()).as("the changed rule is still valid").isZero();
        Run test = run(dir, "test", "rules", "alerts.test.yml");
        assertThat(test.exitCode()).as("promtool test rules with " + alert + " changed (" + from + " -> " + to + "):\n"
                + test.output()).isNotZero();
        assertThat(test.output()).contains("FAILED").contains("alertname: " + alert);
    }
}
