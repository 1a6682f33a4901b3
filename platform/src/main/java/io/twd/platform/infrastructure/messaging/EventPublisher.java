package io.twd.platform.infrastructure.messaging;

import io.twd.platform.domain.DomainEvent;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.transaction.Transactional;

/**
 * Publishes domain events to a topic inside the caller's JTA transaction, through the
 * Artemis resource adapter's XA connection factory: the message is sent if and only if the
 * caller's database changes commit (design §3, "no commit without event, no event without
 * commit").
 *
 * <p>The message is a persistent JMS {@code TextMessage} whose body is the event as JSON, with
 * the string properties {@value #EVENT_TYPE} and {@value #EVENT_ID}, the broker's duplicate
 * detection id {@value #DUPLICATE_ID} set to the event id, and the JMS correlation id set to
 * {@link DomainEvent#correlationId()}. It is sent in a PRODUCER span and carries the W3C trace
 * context as {@link EventTracing#TRACEPARENT} and {@link EventTracing#TRACESTATE}.
 */
@ApplicationScoped
public class EventPublisher {

    /** JMS property holding the event type, for message selectors. */
    public static final String EVENT_TYPE = "eventType";
    /** JMS property holding the event id. */
    public static final String EVENT_ID = "eventId";
    /** Artemis' duplicate detection property. */
    public static final String DUPLICATE_ID = "_AMQ_DUPL_ID";

    @Resource(lookup = "jms/twd/events")
    ConnectionFactory connectionFactory;

    @Inject
    EventTracing tracing;

    private final Jsonb jsonb = JsonbBuilder.create();

    /**
     * Sends the event as part of the current JTA transaction.
     *
     * @param topic the publishing service's topic
     * @param event the event; its {@code eventId}, {@code eventType} and {@code occurredAt} must be set
     * @throws jakarta.transaction.TransactionalException if called outside a transaction
     * @throws JMSRuntimeException if the broker cannot be reached within the adapter's bounded
     *     reconnect attempts; the caller's transaction then rolls back
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(Topic topic, DomainEvent event) {
        String body = jsonb.toJson(event);
        try (JMSContext context = connectionFactory.createContext()) {
            TextMessage message = context.createTextMessage(body);
            message.setStringProperty(EVENT_TYPE, event.eventType());
            message.setStringProperty(EVENT_ID, event.eventId().toString());
            message.setStringProperty(DUPLICATE_ID, event.eventId().toString());
            message.setJMSCorrelationID(event.correlationId());
            tracing.publish(topic.getTopicName(), event.eventType(), event.eventId().toString(), message,
                    () -> context.createProducer()
                            .setDeliveryMode(DeliveryMode.PERSISTENT)
                            .send(topic, message));
        } catch (JMSException e) {
            throw new JMSRuntimeException("Cannot build " + event.eventType() + " message: " + e.getMessage(),
                    e.getErrorCode(), e);
        }
    }

    /** @return the JSON-B instance events are written with (thread-safe) */
    public Jsonb jsonb() {
        return jsonb;
    }

    @PreDestroy
    void close() {
        try {
            jsonb.close();
        } catch (Exception ignored) {
            // nothing left to release
        }
    }
}
