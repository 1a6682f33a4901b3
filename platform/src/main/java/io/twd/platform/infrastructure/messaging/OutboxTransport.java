package io.twd.platform.infrastructure.messaging;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import jakarta.transaction.Transactional;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends a batch of outbox events to the broker outside any JTA transaction, through the
 * connection factory {@code jms/twd/events} (local JMS transactions allowed): the batch is one
 * local JMS transaction, so the broker writes it to its journal at once, with one synced write.
 *
 * <p>The broker rejects a whole transaction that holds an event it has seen (duplicate detection
 * on {@link EventPublisher#DUPLICATE_ID}): after a relay died between the send and the deletion.
 * Then, and after any other failure of the batch, its events are sent again one by one without a
 * transaction, each confirmed by the broker ({@code blockOnDurableSend}); the broker drops those it
 * has seen and routes the others.
 */
@ApplicationScoped
class OutboxTransport {

    private static final Logger LOG = Logger.getLogger(OutboxTransport.class.getName());

    // a reference (java:comp/env): the server's jms/twd/events, or the factory the one server binds to the service
    @Resource(name = "jms/twd/events")
    ConnectionFactory connectionFactory;

    /**
     * @param events the events to send, in this order
     * @throws JMSRuntimeException if the broker did not take them all (some may have been taken:
     *     sending them again is harmless)
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    void send(List<OutboxEvent> events) {
        try {
            inSession(true, session -> sendAll(session, events));
        } catch (JMSRuntimeException e) {
            LOG.log(Level.INFO, "Outbox batch of " + events.size() + " events not taken as one transaction ("
                    + e.getMessage() + "); sending them one by one", e);
            inSession(false, session -> sendAll(session, events));
        }
    }

    /**
     * Sends one message to a temporary queue of its own in a local broker transaction.
     *
     * @throws JMSRuntimeException if the broker cannot be reached
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    void warmUp() {
        inSession(true, session -> {
            TemporaryQueue queue = session.createTemporaryQueue();  // goes with the connection
            try (MessageProducer producer = session.createProducer(queue)) {
                producer.send(session.createTextMessage("warm-up"));
            }
        });
    }

    /** Work with a JMS session. */
    @FunctionalInterface
    private interface SessionWork {
        void run(Session session) throws JMSException;
    }

    /**
     * Runs work in a session of a connection of the pool: a local transaction committed after the
     * work when {@code transacted}, otherwise each send confirmed by the broker. The classic API:
     * the resource adapter refuses a transacted {@code JMSContext} outside JTA.
     */
    private void inSession(boolean transacted, SessionWork work) {
        try (Connection connection = connectionFactory.createConnection();
             Session session = connection.createSession(transacted,
                     transacted ? Session.SESSION_TRANSACTED : Session.AUTO_ACKNOWLEDGE)) {
            if (transacted && !session.getTransacted()) {
                throw new JMSRuntimeException("The connection factory gave no local transaction: set"
                        + " allowLocalTransactions on jms/twd/events");
            }
            work.run(session);
            if (transacted) {
                session.commit();
            }
        } catch (JMSException e) {
            throw new JMSRuntimeException(e.getMessage(), e.getErrorCode(), e);
        }
    }

    private static void sendAll(Session session, List<OutboxEvent> events) throws JMSException {
        Map<String, Topic> topics = new HashMap<>();
        try (MessageProducer producer = session.createProducer(null)) {
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (OutboxEvent event : events) {
                Topic topic = topics.get(event.getTopic());
                if (topic == null) {
                    topic = session.createTopic(event.getTopic());
                    topics.put(event.getTopic(), topic);
                }
                producer.send(topic, message(session, event));
            }
        }
    }

    private static TextMessage message(Session session, OutboxEvent event) throws JMSException {
        TextMessage message = session.createTextMessage(event.getPayload());
        message.setStringProperty(EventPublisher.EVENT_TYPE, event.getEventType());
        message.setStringProperty(EventPublisher.EVENT_ID, event.getEventId());
        message.setStringProperty(EventPublisher.DUPLICATE_ID, event.getEventId());
        message.setJMSCorrelationID(event.getCorrelationId());
        if (event.getTraceparent() != null) {
            message.setStringProperty(EventTracing.TRACEPARENT, event.getTraceparent());
        }
        if (event.getTracestate() != null) {
            message.setStringProperty(EventTracing.TRACESTATE, event.getTracestate());
        }
        return message;
    }
}
