package io.twd.systemtest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.twd.testkit.EventSender;
import io.twd.testkit.TestEnvironment;
import io.twd.testkit.TwdSystem;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every metric and label the alert rules ({@code monitoring/prometheus/alerts.yml}) select on
 * exists on the running system: each series selector {@code name{label op "value", ...}} of each
 * rule matches at least one series that a server of a job it names serves at {@code /metrics}
 * (the five services) or the broker's JMX exporter serves, and each label the rule aggregates by
 * is on those series. So a metric or label renamed in a server, the exporter's rules or the alert
 * rules fails here instead of silencing an alert. {@code AlertRulesTest} tests what the rules do
 * with series of these names.
 *
 * <p>{@code up} is made by Prometheus for each scrape, and {@code job} and {@code instance} are
 * the scrape's target labels: the job names the rules use must be the scrape jobs ({@link #JOBS}).
 * Some series exist only once something happened: the test makes those happen first (an order
 * through the fault-tolerant call to delivery, a 503 of mypage's live streams, a dead letter).
 */
@ExtendWith(SignedInSystem.class)
class AlertMetricsIT {

    /** The scrape jobs of the cluster's and ./twd's Prometheus: the five services and the broker. */
    private static final Set<String> JOBS = Set.of("shop", "order", "delivery", "message", "mypage", "broker");

    /** A series selector: a metric name and its label matchers in braces. */
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)}");
    /** One label matcher: name, operator, quoted value. */
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    /** An aggregation's label list: {@code by (a, b)}. */
    private static final Pattern BY = Pattern.compile("\\bby\\s*\\(([^)]*)\\)");
    /** One sample line of the Prometheus text format. */
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+\\S+.*$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start(TwdSystem system) {
        system.start(TwdSystem.SERVICES.toArray(String[]::new));
        Ordering.warmUp(system.url("shop"), system.url("order"));
    }

    /** A series: its metric name and labels. */
    private record Series(String name, Map<String, String> labels) {
    }

    /** A label matcher of a selector. */
    private record Match(String label, String op, String value) {

        boolean test(Map<String, String> labels) {
            String actual = labels.getOrDefault(label, "");
            return switch (op) {
                case "=" -> actual.equals(value);
                case "!=" -> !actual.equals(value);
                case "=~" -> actual.matches(unescape(value));
                default -> !actual.matches(unescape(value));
            };
        }

        private static String unescape(String value) {
            return value.replace("\\\\", "\\");
        }
    }

    @Test
    void everyMetricAndLabelTheAlertRulesUseIsServed(TwdSystem system) throws Exception {
        makeTheSeriesThatNeedAnEvent(system);
        Map<String, List<Series>> served = new LinkedHashMap<>();
        for (String service : TwdSystem.SERVICES) {
            served.put(service, series(system.url(service) + "/metrics"));
        }
        served.put("broker", series(system.broker().metricsUrl()));

        JsonNode rules = new ObjectMapper(new YAMLFactory())
                .readTree(TestEnvironment.root().resolve("monitoring/prometheus/alerts.yml").toFile());
        List<String> missing = new ArrayList<>();
        int selectors = 0;
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String alert = rule.path("alert").asText();
                String expr = rule.path("expr").asText();
                List<Series> matchedByRule = new ArrayList<>();
                Matcher selector = SELECTOR.matcher(expr);
                while (selector.find()) {
                    selectors++;
                    String name = selector.group(1);
                    List<Match> matches = matchers(selector.group(2));
                    List<String> jobs = jobsOf(matches);
                    if (jobs.isEmpty()) {
                        missing.add(alert + ": " + selector.group() + " names no scrape job of " + JOBS);
                        continue;
                    }
                    if (name.equals("up")) {
                        continue; // made by Prometheus for each scrape of these jobs
                    }
                    List<Series> found = jobs.stream().flatMap(job -> served.get(job).stream())
                            .filter(s -> s.name().equals(name))
                            .filter(s -> matches.stream().filter(m -> !isTargetLabel(m.label()))
                                    .allMatch(m -> m.test(s.labels())))
                            .toList();
                    if (found.isEmpty()) {
                        missing.add(alert + ": no series of " + jobs + " matches " + selector.group() + describe(served, jobs, name));
                    }
                    matchedByRule.addAll(found);
                }
                Matcher by = BY.matcher(expr);
                while (by.find()) {
                    for (String label : by.group(1).split(",")) {
                        String l = label.strip();
                        if (!isTargetLabel(l) && !l.isEmpty() && matchedByRule.stream().noneMatch(s -> s.labels().containsKey(l))) {
                            missing.add(alert + ": aggregates by " + l + ", which none of its series has");
                        }
                    }
                }
            }
        }
        System.out.println("alert rules: " + selectors + " series selectors checked against " + served.keySet()
                + " (series served: " + served.values().stream().mapToInt(List::size).sum() + ")");
        assertThat(selectors).as("selectors found in alerts.yml").isGreaterThanOrEqualTo(10);
        assertThat(missing).isEmpty();
    }

    /**
     * Makes the series that exist only once something happened: Fault Tolerance's of the call to
     * delivery (an order), a 5xx (mypage refuses a live stream over its per-caller bound: 503), a
     * message on a dead-letter queue (a poison message, removed again afterwards).
     */
    private static void makeTheSeriesThatNeedAnEvent(TwdSystem system) throws Exception {
        String customer = SignedInSystem.newCustomer();
        String sernum = Ordering.registerPhone(system.url("shop"), 45, "galaxy_s21");
        long orderId = await("an order through the fault-tolerant call to delivery").atMost(Ordering.EVENTUAL)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> Ordering.order(system.url("order"), 45, "galaxy_s21", sernum, customer, customer + "@example.com"),
                        r -> r.statusCode() == 201).jsonPath().getLong("id");
        await("the order on the customer's mypage").atMost(Ordering.EVENTUAL).until(() -> given()
                .header("Authorization", SignedInSystem.as(customer)).get(system.url("mypage") + "/mypages/" + orderId)
                .statusCode() == 200);
        HttpRequest stream = HttpRequest.newBuilder(URI.create(system.url("mypage") + "/mypages/" + orderId + "/events"))
                .header("Accept", "text/event-stream").header("Authorization", SignedInSystem.as(customer)).GET().build();
        List<HttpResponse<Stream<String>>> open = new ArrayList<>();
        try {
            for (int i = 0; i < 25; i++) {
                HttpResponse<Stream<String>> response = HTTP.send(stream, HttpResponse.BodyHandlers.ofLines());
                open.add(response);
                if (response.statusCode() == 503) {
                    break;
                }
            }
            assertThat(open).as("a live stream refused with 503 over the per-caller bound")
                    .anyMatch(r -> r.statusCode() == 503);
        } finally {
            open.forEach(r -> r.body().close());
        }

        String poison = "alert-metrics-" + UUID.randomUUID();
        try (EventSender sender = new EventSender(system.broker().connectionFactory())) {
            sender.sendRaw("order.events", "not an event " + poison, Map.of("eventType", "Ordered",
                    "eventId", poison, "_AMQ_DUPL_ID", poison), null);
            await("the poison message dead-lettered").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> sender.queueNames().contains("DLQ.order.events")
                            && sender.browseWithProperties("DLA::DLQ.order.events").stream()
                                    .anyMatch(m -> poison.equals(m.properties().get("eventId"))));
        }
        // the broker's exporter reads the queues' MBeans at each scrape
        await("the dead-letter queue on the broker's /metrics").atMost(Duration.ofSeconds(30))
                .until(() -> series(system.broker().metricsUrl()).stream()
                        .anyMatch(s -> s.name().equals("artemis_message_count") && "DLA".equals(s.labels().get("address"))));
    }

    private static boolean isTargetLabel(String label) {
        return label.equals("job") || label.equals("instance");
    }

    private static List<Match> matchers(String inBraces) {
        List<Match> matches = new ArrayList<>();
        Matcher m = MATCHER.matcher(inBraces);
        while (m.find()) {
            matches.add(new Match(m.group(1), m.group(2), m.group(3)));
        }
        return matches;
    }

    /** @return the scrape jobs the selector's {@code job} matchers let through (all if it has none) */
    private static List<String> jobsOf(List<Match> matches) {
        return JOBS.stream().sorted().filter(job -> matches.stream().filter(m -> m.label().equals("job"))
                .allMatch(m -> m.test(Map.of("job", job)))).toList();
    }

    private static String describe(Map<String, List<Series>> served, List<String> jobs, String name) {
        Set<String> labelSets = new TreeSet<>();
        jobs.forEach(job -> served.get(job).stream().filter(s -> s.name().equals(name)).limit(5)
                .forEach(s -> labelSets.add(job + " " + s.labels())));
        return labelSets.isEmpty() ? " (the metric is not served at all)" : " (served: " + labelSets + ")";
    }

    /** @return every series on a Prometheus text page */
    private static List<Series> series(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET " + url).isEqualTo(200);
        List<Series> all = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (line.startsWith("#") || !sample.matches()) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (sample.group(2) != null) {
                Matcher label = LABEL.matcher(sample.group(2));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
                }
            }
            all.add(new Series(sample.group(1), labels));
        }
        return all;
    }
}
