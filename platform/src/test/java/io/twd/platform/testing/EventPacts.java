package io.twd.platform.testing;

import au.com.dius.pact.consumer.dsl.PactDslJsonBody;
import au.com.dius.pact.core.model.messaging.Message;
import jakarta.jms.TextMessage;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * What every consumer contract test of an event needs (consumer-driven contracts with Pact JVM,
 * message pacts; the providers verify them against the events their servers really publish).
 *
 * <ul>
 *   <li>{@link #event(String)}: a message body with the envelope every consumer reads
 *       (docs/events.md: {@code eventId} a UUID, {@code eventType} exactly the type,
 *       {@code occurredAt} an ISO-8601 instant in UTC), to which the test adds the fields its
 *       consumer reads, and only those;</li>
 *   <li>{@link #metadata(String)}: the JMS string property {@code eventType} that the
 *       subscriptions' selectors read;</li>
 *   <li>{@link #jmsMessage(Message)}: the pact's example message as the JMS text message a
 *       message-driven bean receives, to hand to the consumer's real {@code onMessage}.</li>
 * </ul>
 */
public final class EventPacts {

    /** {@code occurredAt} as {@link java.time.Instant#toString()} writes it: seconds, 0-9 fraction digits, Z. */
    private static final String INSTANT = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z";

    private EventPacts() {
    }

    /**
     * @param eventType the type, e.g. {@code Ordered}
     * @return a body holding the envelope (the example's {@code eventId} differs from type to
     *         type: a consumer takes two events with one id as one); add the consumer's fields to it
     */
    public static PactDslJsonBody event(String eventType) {
        return new PactDslJsonBody()
                .uuid("eventId", UUID.nameUUIDFromBytes(eventType.getBytes(StandardCharsets.UTF_8)))
                .stringValue("eventType", eventType)
                .stringMatcher("occurredAt", INSTANT, "2026-12-01T09:30:00.123Z");
    }

    /**
     * @param eventType the type
     * @return the message's metadata: its {@code eventType} JMS property
     */
    public static Map<String, Object> metadata(String eventType) {
        return Map.of("eventType", eventType);
    }

    /**
     * @param message a message of the pact
     * @return a JMS text message with its contents as text and its metadata as string properties
     *         (other getters answer null)
     */
    public static TextMessage jmsMessage(Message message) {
        String text = message.contentsAsString();
        Map<String, Object> metadata = message.getMetadata();
        return (TextMessage) Proxy.newProxyInstance(EventPacts.class.getClassLoader(),
                new Class<?>[] {TextMessage.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getText" -> text;
                    case "getJMSMessageID" -> "ID:pact";
                    case "getStringProperty" -> metadata.get((String) args[0]) == null ? null
                            : String.valueOf(metadata.get((String) args[0]));
                    case "toString" -> "pact message " + text;
                    default -> null;
                });
    }
}
