package io.twd.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * The work still waiting in the services' outboxes, at each server's {@code /metrics}: the events
 * of the publishing services' outboxes (the platform's {@code OutboxRelay} gauge
 * {@code outbox_events_waiting}) and the e-mails of the message service's notification outbox
 * ({@code notifications_waiting}). Neither is on a subscription queue, so the queues can be empty
 * while the consumers or the notification sender still have work. The bench counts a load as
 * worked off only when the queues and these are empty.
 */
final class OutboxBacklog {

    private static final List<String> GAUGES = List.of("outbox_events_waiting", "notifications_waiting");

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
     *     serves) and its {@code notifications_waiting} sample (the message service's); 0 if none;
     *     NaN if one is NaN
     */
    static double parse(String text) {
        double waiting = 0;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            for (String gauge : GAUGES) {
                if (line.startsWith(gauge + "{") || line.startsWith(gauge + " ")) {
                    waiting += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        }
        return waiting;
    }
}
