package io.twd.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * The events still waiting in the publishing services' outboxes (the platform's
 * {@code OutboxRelay} gauge {@code outbox_events_waiting} at each server's {@code /metrics}): an
 * event the relay has not sent yet is on no subscription queue, so the queues can be empty while
 * the consumers still have work coming. The bench counts a load as worked off only when both are
 * empty.
 */
final class OutboxBacklog {

    private static final String GAUGE = "outbox_events_waiting";

    private OutboxBacklog() {
    }

    /**
     * @param client    the HTTP client
     * @param endpoints the services' {@code /metrics}
     * @return the events waiting in all their outboxes; NaN if a service could not count its own
     * @throws IOException          if an endpoint does not answer 200
     * @throws InterruptedException if interrupted meanwhile
     */
    static double scrape(HttpClient client, List<URI> endpoints) throws IOException, InterruptedException {
        double waiting = 0;
        for (URI endpoint : endpoints) {
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(20))
                    .header("Accept", "text/plain").build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IOException(endpoint + " answered " + answer.statusCode());
            }
            waiting += parse(answer.body());
        }
        return waiting;
    }

    /**
     * @param text a server's {@code /metrics}, Prometheus text
     * @return the sum of its {@code outbox_events_waiting} samples (one per publishing service it
     *     serves; 0 if none); NaN if one is NaN
     */
    static double parse(String text) {
        double waiting = 0;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.startsWith(GAUGE + "{") || line.startsWith(GAUGE + " ")) {
                waiting += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return waiting;
    }
}
