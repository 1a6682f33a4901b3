package io.twd.platform.infrastructure.messaging;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.UUID;

/**
 * An event as a consumer receives it: the envelope fields checked and the JSON body kept for
 * the consumer's own tolerant reading (each service reads only the fields it needs).
 *
 * @param eventId       the event's id
 * @param eventType     its type, e.g. {@code Ordered}
 * @param occurredAt    when the change happened (UTC)
 * @param correlationId the JMS correlation id (the {@code orderId} for order events); may be null
 * @param body          the whole event JSON
 */
public record IncomingEvent(UUID eventId, String eventType, Instant occurredAt, String correlationId,
                            JsonObject body) {

    /**
     * Reads every event's body. One factory for all: {@code Json.createReader} looks the JSON-P
     * provider up through the service loader at each call (jakartaee/jsonp-api#154), once per
     * message consumed; a factory holds the provider it was made with.
     */
    private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

    /**
     * Decodes a JMS message published by {@link EventPublisher}.
     *
     * @param message the received message
     * @return the decoded event
     * @throws MalformedEventException if it is not a text message with a JSON object body carrying
     *     a UUID {@code eventId}, a non-blank {@code eventType} and an ISO-8601 {@code occurredAt}
     */
    public static IncomingEvent from(Message message) {
        String text;
        String correlationId;
        String messageId;
        try {
            messageId = message.getJMSMessageID();
            if (!(message instanceof TextMessage textMessage) || textMessage.getText() == null) {
                throw new MalformedEventException(messageId, "not a text message");
            }
            text = textMessage.getText();
            correlationId = message.getJMSCorrelationID();
        } catch (JMSException e) {
            throw new MalformedEventException("?", "unreadable message", e);
        }
        JsonObject body;
        try (JsonReader reader = READERS.createReader(new StringReader(text))) {
            body = reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new MalformedEventException(messageId, "body is not a JSON object", e);
        }
        try {
            UUID eventId = UUID.fromString(requiredString(body, "eventId", messageId));
            String eventType = requiredString(body, "eventType", messageId);
            Instant occurredAt = Instant.parse(requiredString(body, "occurredAt", messageId));
            return new IncomingEvent(eventId, eventType, occurredAt, correlationId, body);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new MalformedEventException(messageId, "bad envelope", e);
        }
    }

    /**
     * @param name a property of the event
     * @return its string value
     * @throws MalformedEventException if it is missing, null or not a string
     */
    public String string(String name) {
        return requiredString(body, name, eventId.toString());
    }

    /**
     * @param name a property of the event
     * @return its string value, or null if missing or JSON null
     */
    public String optionalString(String name) {
        JsonValue value = body.get(name);
        return value instanceof JsonString s ? s.getString() : null;
    }

    /**
     * @param name a numeric property of the event
     * @return its value as a long
     * @throws MalformedEventException if it is missing or not a whole number
     */
    public long number(String name) {
        try {
            return body.getJsonNumber(name).longValueExact();
        } catch (NullPointerException | ClassCastException | ArithmeticException e) {
            throw new MalformedEventException(eventId.toString(), "missing or non-integer '" + name + "'");
        }
    }

    /**
     * @param name a numeric property of the event
     * @return its value, or null if missing or JSON null
     */
    public Long optionalNumber(String name) {
        JsonValue value = body.get(name);
        return value == null || value.getValueType() == JsonValue.ValueType.NULL ? null : number(name);
    }

    private static String requiredString(JsonObject body, String name, String messageId) {
        JsonValue value = body.get(name);
        if (!(value instanceof JsonString s) || s.getString().isBlank()) {
            throw new MalformedEventException(messageId, "missing or non-string '" + name + "'");
        }
        return s.getString();
    }
}
