package io.twd.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.twd.testkit.EventSender;
import io.twd.testkit.TestEnvironment;
import jakarta.jms.JMSException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The event contract, docs/asyncapi.yaml, as tests use it: the documented example of each
 * event (to publish to consumers, with fresh ids) and the JSON Schema of each event (to
 * validate what services publish).
 */
final class EventContract {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode DOC = load();
    private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() % 1_000_000_000L * 1000);

    /** The topic each event is published on. */
    static final Map<String, String> TOPIC = Map.of("EqpRegistered", "shop.events", "EqpStatusChanged", "shop.events",
            "Ordered", "order.events", "OrderCancelled", "order.events",
            "DeliveryStarted", "delivery.events", "DeliveryCancelled", "delivery.events");

    private EventContract() {
    }

    private static JsonNode load() {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(TestEnvironment.root().resolve("docs/asyncapi.yaml")
                    .toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops the order and delivery servers if an earlier test class of the run started them:
     * they react to the events consumer tests publish for made-up orders (delivery cancels a
     * delivery it created from a made-up {@code Ordered}, publishing {@code DeliveryCancelled}),
     * which would add events the test did not publish. A later test class that needs them starts
     * them again ({@link io.twd.testkit.TwdSystem#start(String...)} restarts stopped servers).
     *
     * @param system the shared system
     */
    static void stopOrderAndDelivery(io.twd.testkit.TwdSystem system) {
        system.server("order").stop();
        system.server("delivery").stop();
    }

    /**
     * Removes the made-up events a consumer test published from the subscriptions of the order and
     * delivery services, which were stopped meanwhile ({@link #stopOrderAndDelivery}): started
     * again by a later test class, they would fail on orders they do not have and dead-letter
     * them, in the middle of that class's checks.
     *
     * @param system the shared system
     * @throws Exception if the broker's management cannot be asked
     */
    static void dropMadeUpEventsOfOrderAndDelivery(io.twd.testkit.TwdSystem system) throws Exception {
        try (io.twd.testkit.EventSender sender = new io.twd.testkit.EventSender(system.broker().connectionFactory())) {
            for (String queue : sender.queueNames()) {
                if (queue.startsWith("order.order\\.") || queue.startsWith("delivery.delivery\\.")) {
                    sender.purge(queue);
                }
            }
        }
    }

    /**
     * @param eventId   an event's id
     * @param eventType its type
     * @return the line a consumer logs when it drops a redelivery of that event as a duplicate
     *     (platform's {@code ProcessedEvents})
     */
    static String droppedAsDuplicate(String eventId, String eventType) {
        return "Event " + eventId + " (\"" + eventType + "\") was applied before: dropped as a duplicate";
    }

    /** @return the parsed AsyncAPI document */
    static JsonNode document() {
        return DOC;
    }

    /** @return a number not used before in this test run, for order, delivery and shop ids */
    static long uniqueId() {
        return IDS.incrementAndGet();
    }

    /**
     * @param eventType an event type of the contract
     * @return a copy of its documented example payload
     */
    static ObjectNode example(String eventType) {
        JsonNode payload = DOC.path("components").path("messages").path(eventType).path("examples").path(0)
                .path("payload");
        if (!payload.isObject()) {
            throw new IllegalArgumentException("no example for " + eventType + " in docs/asyncapi.yaml");
        }
        return payload.deepCopy();
    }

    /**
     * The documented example with a fresh eventId, the given occurredAt and field overrides.
     *
     * @param eventType  an event type
     * @param occurredAt when it happened
     * @param fields     fields to replace, e.g. {@code orderId}, {@code eqpSernum}
     * @return the event
     */
    static ObjectNode example(String eventType, Instant occurredAt, Map<String, Object> fields) {
        ObjectNode event = example(eventType);
        event.put("eventId", UUID.randomUUID().toString());
        event.put("occurredAt", occurredAt.truncatedTo(ChronoUnit.MILLIS).toString());
        fields.forEach((name, value) -> {
            if (value == null) {
                event.remove(name);
            } else {
                event.set(name, JSON.valueToTree(value));
            }
        });
        return event;
    }

    /**
     * Publishes an event as the services do, on its topic, with correlation id = its orderId.
     *
     * @param sender a JMS sender
     * @param event  the event
     * @throws JMSException if sending fails
     */
    static void publish(EventSender sender, ObjectNode event) throws JMSException {
        String type = event.get("eventType").asText();
        sender.send(TOPIC.get(type), type, event.get("eventId").asText(), event.path("orderId").asText(null),
                event.toString());
    }

    /**
     * @param eventType an event type of the contract
     * @param json      an event's JSON
     * @return the schema violations, empty if valid
     */
    static Set<String> violations(String eventType, String json) {
        JsonNode schemaNode = DOC.path("components").path("schemas").path(eventType);
        if (schemaNode.isMissingNode()) {
            return Set.of("no schema for " + eventType);
        }
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schemaNode, config);
        try {
            return schema.validate(JSON.readTree(json)).stream().map(ValidationMessage::getMessage)
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            return Set.of("not JSON: " + e.getMessage());
        }
    }

    /** @return the event types that have a message in the document */
    static Set<String> eventTypes() {
        Set<String> types = new java.util.TreeSet<>();
        for (Iterator<String> names = DOC.path("components").path("messages").fieldNames(); names.hasNext(); ) {
            types.add(names.next());
        }
        return types;
    }
}
