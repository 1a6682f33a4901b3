package io.twd.platform.infrastructure.messaging;

import io.twd.platform.domain.DomainEvent;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.Topic;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Publishes domain events through the service's transactional outbox: the event is written to
 * the {@code outbox_event} table in the caller's transaction, with the caller's changes, and
 * {@link OutboxRelay} sends it to its topic once that transaction committed. The transaction
 * touches the service's database only (one-phase commit), and the event is sent if and only if
 * the change commits (docs/architecture.md §3, "no commit without event, no event without commit"; see
 * {@code docs/events.md}, "The outbox").
 *
 * <p>The message the relay sends is a persistent JMS {@code TextMessage} whose body is the event
 * as JSON, with the string properties {@value #EVENT_TYPE} and {@value #EVENT_ID}, the broker's
 * duplicate detection id {@value #DUPLICATE_ID} set to the event id, the JMS correlation id set to
 * {@link DomainEvent#correlationId()}, and the W3C trace context of the PRODUCER span recorded
 * here as {@link EventTracing#TRACEPARENT} and {@link EventTracing#TRACESTATE}.
 *
 * <p>Requires the {@code outbox_event} table and {@link OutboxEvent} in the service's only
 * persistence unit.
 */
@ApplicationScoped
public class EventPublisher {

    /** JMS property holding the event type, for message selectors. */
    public static final String EVENT_TYPE = "eventType";
    /** JMS property holding the event id. */
    public static final String EVENT_ID = "eventId";
    /** Artemis' duplicate detection property. */
    public static final String DUPLICATE_ID = "_AMQ_DUPL_ID";

    /** Key of the per-transaction marker that the relay is woken after this transaction. */
    private static final Object WAKE_RELAY = EventPublisher.class.getName() + ".wakeRelay";

    @PersistenceContext
    EntityManager em;

    @Inject
    EventTracing tracing;

    @Inject
    OutboxRelay relay;

    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    TransactionSynchronizationRegistry transactions;

    private final Jsonb jsonb = JsonbBuilder.create();

    /**
     * Writes the event to the outbox as part of the current JTA transaction, in a PRODUCER span
     * {@code <topic> publish}; once the transaction commits the relay is woken to send it.
     *
     * @param topic the publishing service's topic
     * @param event the event; its {@code eventId}, {@code eventType} and {@code occurredAt} must be set
     * @throws jakarta.transaction.TransactionalException if called outside a transaction
     * @throws jakarta.persistence.PersistenceException if the outbox cannot be written; the
     *     caller's transaction then rolls back
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(Topic topic, DomainEvent event) {
        String topicName;
        try {
            topicName = topic.getTopicName();
        } catch (jakarta.jms.JMSException e) {
            throw new IllegalArgumentException("Topic without a name: " + topic, e);
        }
        String eventId = event.eventId().toString();
        Map<String, String> context = new HashMap<>();
        tracing.publish(topicName, event.eventType(), eventId, context, () -> em.persist(new OutboxEvent(
                eventId, topicName, event.eventType(), event.correlationId(),
                context.get(EventTracing.TRACEPARENT), context.get(EventTracing.TRACESTATE),
                jsonb.toJson(event), Instant.now())));
        if (transactions.getResource(WAKE_RELAY) == null) {
            transactions.putResource(WAKE_RELAY, Boolean.TRUE);
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                    // nothing to do before the commit
                }

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        relay.wake();
                    }
                }
            });
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
