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
 * transaction, in order, each confirmed by the broker ({@code blockOnDurableSend}); the broker
 * drops those it has seen and routes the others. The first event the broker refuses ends the
 * pass, so that no event overtakes it; whether the broker then still answers (it takes a message
 * to a temporary queue of the relay's own) tells a refused event (the broker is up: the event
 * itself is the problem) from a broker that is down or hangs.
 */
@ApplicationScoped
class OutboxTransport {

    private static final Logger LOG = Logger.getLogger(OutboxTransport.class.getName());

    // a reference (java:comp/env): the server's jms/twd/events, or the factory the one server binds to the service
    @Resource(name = "jms/twd/events")
    ConnectionFactory connectionFactory;

    /**
     * What the broker took of a batch.
     *
     * @param sent      how many events, from the first, the broker took (all of them, or those
     *                  before the one that failed)
     * @param failure   why the event at index {@code sent} was not taken; null when all were
     * @param refused   true if the broker refused that event while it answered otherwise (it took
     *                  a probe message right after): the event, not the broker, is the problem;
     *                  false when the broker could not be reached or did not answer
     */
    record Outcome(int sent, JMSRuntimeException failure, boolean refused) {

        /** @return true if the broker took every event of the batch */
        boolean complete() {
            return failure == null;
        }
    }

    /**
     * Sends the events as one local broker transaction, or, if the broker does not take the
     * transaction, one by one in order until one fails.
     *
     * @param events the events to send, in this order (at least one)
     * @return what the broker took; never throws for a failure of the broker
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    Outcome send(List<OutboxEvent> events) {
        try {
            inSession(true, session -> {
                try (MessageProducer producer = producer(session)) {
                    Map<String, Topic> topics = new HashMap<>();
                    for (OutboxEvent event : events) {
                        producer.send(topic(session, topics, event), message(session, event));
                    }
                }
            });
            return new Outcome(events.size(), null, false);
        } catch (JMSRuntimeException e) {
            LOG.info("Outbox batch of " + events.size() + " events not taken as one transaction ("
                    + e.getMessage() + "); sending them one by one");
            LOG.log(Level.FINE, "Outbox batch not taken", e);
        }
        return oneByOne(events);
    }

    /** Sends each event without a transaction, confirmed, stopping at the first that fails. */
    private Outcome oneByOne(List<OutboxEvent> events) {
        int[] sent = {0};
        Outcome[] refusal = {null};
        try {
            inSession(false, session -> {
                try (MessageProducer producer = producer(session)) {
                    Map<String, Topic> topics = new HashMap<>();
                    for (OutboxEvent event : events) {
                        try {
                            producer.send(topic(session, topics, event), message(session, event));
                        } catch (JMSException | JMSRuntimeException failed) {
                            refusal[0] = new Outcome(sent[0], asRuntime(failed), answers(session));
                            return;
                        }
                        sent[0]++;
                    }
                }
            });
        } catch (JMSRuntimeException e) {
            return new Outcome(sent[0], e, false);  // no session, or the broker went away meanwhile
        }
        return refusal[0] != null ? refusal[0] : new Outcome(sent[0], null, false);
    }

    /** @return whether the broker takes a message to a temporary queue on this session now */
    private static boolean answers(Session session) {
        try {
            probe(session);
            return true;
        } catch (JMSException | JMSRuntimeException e) {
            return false;
        }
    }

    /**
     * Sends one message to a temporary queue of its own in a local broker transaction.
     *
     * @throws JMSRuntimeException if the broker cannot be reached
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    void warmUp() {
        inSession(true, OutboxTransport::probe);
    }

    private static void probe(Session session) throws JMSException {
        TemporaryQueue queue = session.createTemporaryQueue();  // goes with the connection
        try (MessageProducer producer = session.createProducer(queue)) {
            producer.send(session.createTextMessage("probe"));
        }
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
            throw asRuntime(e);
        }
    }

    private static JMSRuntimeException asRuntime(Exception e) {
        if (e instanceof JMSRuntimeException runtime) {
            return runtime;
        }
        JMSException jms = (JMSException) e;
        return new JMSRuntimeException(jms.getMessage(), jms.getErrorCode(), jms);
    }

    private static MessageProducer producer(Session session) throws JMSException {
        MessageProducer producer = session.createProducer(null);
        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        return producer;
    }

    private static Topic topic(Session session, Map<String, Topic> topics, OutboxEvent event) throws JMSException {
        Topic topic = topics.get(event.getTopic());
        if (topic == null) {
            topic = session.createTopic(event.getTopic());
            topics.put(event.getTopic(), topic);
        }
        return topic;
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
