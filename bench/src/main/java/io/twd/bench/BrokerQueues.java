package io.twd.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The broker's queues as its Prometheus endpoint reports them (the JMX exporter agent of
 * {@code ./twd}, {@code http://127.0.0.1:9404/metrics}, {@code artemis_message_count}: the
 * messages in a queue, those being delivered included): how many events each subscription has not
 * yet processed, and how many sit on the dead-letter queues. One scrape costs the broker a few
 * milliseconds of CPU, so that the depth can be sampled every second or two under load.
 */
final class BrokerQueues {

    /** The broker's metrics endpoint of {@code ./twd up}. */
    static final URI METRICS = URI.create("http://127.0.0.1:9404/metrics");

    private static final Pattern MESSAGE_COUNT = Pattern.compile(
            "^artemis_message_count\\{([^}]*)}\\s+([0-9.eE+-]+)$");
    private static final Pattern ADDRESS = Pattern.compile("address=\"([^\"]*)\"");
    private static final Pattern QUEUE = Pattern.compile("queue=\"([^\"]*)\"");

    private final HttpClient client;

    BrokerQueues(HttpClient client) {
        this.client = client;
    }

    /**
     * What one scrape found.
     *
     * @param subscriptions messages per subscription queue (on the topics' addresses, {@code *.events}),
     *                      e.g. {@code mypage.order-events}
     * @param deadLetters   messages on the dead-letter queues ({@code DLQ.*})
     */
    record Depths(Map<String, Long> subscriptions, long deadLetters) {

        /** @return the messages on all subscription queues together */
        long pending() {
            return subscriptions.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * @return the queues now
     * @throws IOException          if the endpoint does not answer (is the broker running, with its agent?)
     * @throws InterruptedException if interrupted meanwhile
     */
    Depths scrape() throws IOException, InterruptedException {
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(METRICS).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IOException("the broker's metrics answered " + answer.statusCode());
        }
        return parse(answer.body());
    }

    /**
     * @param text the exporter's Prometheus text
     * @return the subscription queues' and dead-letter queues' depths in it
     */
    static Depths parse(String text) {
        Map<String, Long> subscriptions = new TreeMap<>();
        long dead = 0;
        for (String line : text.split("\n")) {
            Matcher m = MESSAGE_COUNT.matcher(line.strip());
            if (!m.matches()) {
                continue;
            }
            Matcher address = ADDRESS.matcher(m.group(1));
            Matcher queue = QUEUE.matcher(m.group(1));
            if (!address.find() || !queue.find()) {
                continue;
            }
            long count = (long) Double.parseDouble(m.group(2));
            if (queue.group(1).startsWith("DLQ.")) {
                dead += count;
            } else if (address.group(1).endsWith(".events")) {
                subscriptions.merge(queue.group(1), count, Long::sum);
            }
        }
        return new Depths(subscriptions, dead);
    }
}
