package io.twd.systemtest;

import au.com.dius.pact.provider.MessageAndMetadata;
import io.twd.testkit.TopicRecorder;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The events a provider's contract verification hands to Pact: the messages its real server
 * published on its topic, as recorded by a {@link TopicRecorder}, with the JMS property the
 * consumers' selectors read ({@code eventType}) as the message's metadata.
 */
final class PublishedEvents {

    private PublishedEvents() {
    }

    /**
     * @param topic     the recorder of the provider's topic
     * @param eventType the type, e.g. {@code Ordered}
     * @param field     a field of the event that tells the test's own event apart, e.g. {@code orderId}
     * @param value     its value, as its JSON text ({@code 42} or {@code SN-1})
     * @return the first such event, as Pact's message
     * @throws AssertionError if none arrives within {@link Ordering#EVENTUAL}
     */
    static MessageAndMetadata published(TopicRecorder topic, String eventType, String field, Object value) {
        TopicRecorder.Recorded event = topic.await(recorded -> eventType.equals(recorded.property("eventType"))
                        && value.toString().equals(fieldOf(recorded.body(), field)), Ordering.EVENTUAL)
                .orElseThrow(() -> new AssertionError("no " + eventType + " with " + field + " " + value + " within "
                        + Ordering.EVENTUAL));
        return new MessageAndMetadata(event.body().getBytes(StandardCharsets.UTF_8),
                Map.of("eventType", event.property("eventType"), "contentType", "application/json"));
    }

    private static String fieldOf(String body, String field) {
        JsonObject json = Json.createReader(new StringReader(body)).readObject();
        return json.containsKey(field) && !json.isNull(field)
                ? json.get(field).toString().replaceAll("^\"|\"$", "") : null;
    }
}
