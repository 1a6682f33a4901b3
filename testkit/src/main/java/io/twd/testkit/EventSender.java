package io.twd.testkit;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.QueueRequestor;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;

/**
 * A plain JMS client that publishes events exactly as the services do (docs/events.md): a
 * persistent {@code TextMessage} with the JSON body, the string properties {@code eventType}
 * and {@code eventId}, {@code _AMQ_DUPL_ID} = the event id, and the correlation id; or any raw
 * message, for tests of malformed input. Also browses queues, e.g. a dead-letter queue.
 */
public final class EventSender implements AutoCloseable {

    private final Connection connection;
    private final Session session;

    /**
     * Connects to the broker.
     *
     * @param factory a connection factory of the broker, e.g. {@link Broker#connectionFactory()}
     * @throws JMSException if the broker cannot be reached
     */
    public EventSender(ConnectionFactory factory) throws JMSException {
        connection = factory.createConnection();
        session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        connection.start();
    }

    /**
     * Publishes an event in the documented shape.
     *
     * @param address       the topic's address, e.g. {@code order.events}
     * @param eventType     the {@code eventType} property (should match the body's)
     * @param eventId       the {@code eventId} property and duplicate-detection id (should match the body's)
     * @param correlationId the JMS correlation id, e.g. the {@code orderId}
     * @param json          the event's JSON
     * @throws JMSException if sending fails
     */
    public void send(String address, String eventType, String eventId, String correlationId, String json)
            throws JMSException {
        sendRaw(address, json, Map.of("eventType", eventType, "eventId", eventId, "_AMQ_DUPL_ID", eventId),
                correlationId);
    }

    /**
     * Publishes an event again as a broker redelivers it: the same body, {@code eventType} and
     * {@code eventId}, but a new {@code _AMQ_DUPL_ID}, so that the broker's duplicate detection
     * lets it through and only the consumers' own de-duplication (by {@code eventId}) can drop it.
     *
     * @param address       the topic's address
     * @param eventType     the event's type
     * @param eventId       the event's id, as first published
     * @param correlationId the JMS correlation id, or null
     * @param json          the event's JSON, as first published
     * @throws JMSException if sending fails
     */
    public void sendAgain(String address, String eventType, String eventId, String correlationId, String json)
            throws JMSException {
        sendRaw(address, json, Map.of("eventType", eventType, "eventId", eventId,
                "_AMQ_DUPL_ID", java.util.UUID.randomUUID().toString()), correlationId);
    }

    /**
     * Publishes any text message, e.g. a malformed one.
     *
     * @param address       the topic's address
     * @param text          the body
     * @param properties    JMS string properties
     * @param correlationId the JMS correlation id, or null
     * @throws JMSException if sending fails
     */
    public void sendRaw(String address, String text, Map<String, String> properties, String correlationId)
            throws JMSException {
        TextMessage message = session.createTextMessage(text);
        for (Map.Entry<String, String> property : properties.entrySet()) {
            message.setStringProperty(property.getKey(), property.getValue());
        }
        if (correlationId != null) {
            message.setJMSCorrelationID(correlationId);
        }
        try (MessageProducer producer = session.createProducer(session.createTopic(address))) {
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            producer.send(message);
        }
    }

    /**
     * Reads the messages on a queue without consuming them.
     *
     * @param queue a fully qualified queue name {@code address::queue}, e.g.
     *     {@code DLA::DLQ.order.events}, or a queue whose address has its name
     * @return the text bodies (null for non-text messages), in queue order; empty if the queue
     *     does not exist (yet)
     * @throws JMSException if browsing fails
     */
    public List<String> browse(String queue) throws JMSException {
        List<String> texts = new ArrayList<>();
        try (QueueBrowser browser = session.createBrowser(session.createQueue(queue))) {
            for (Enumeration<?> e = browser.getEnumeration(); e.hasMoreElements(); ) {
                Message message = (Message) e.nextElement();
                texts.add(message instanceof TextMessage text ? text.getText() : null);
            }
        } catch (InvalidDestinationException noSuchQueue) {
            return List.of();
        }
        return texts;
    }

    /**
     * A message seen on a queue.
     *
     * @param text       the text body, or null for a non-text message
     * @param properties every message property as text, e.g. {@code eventType}, and the broker's
     *                   {@code _AMQ_ORIG_QUEUE} / {@code _AMQ_ORIG_ADDRESS} on a dead letter
     */
    public record Browsed(String text, Map<String, String> properties) {
    }

    /**
     * Reads the messages on a queue without consuming them, with their properties.
     *
     * @param queue a fully qualified queue name {@code address::queue}, e.g. {@code DLA::DLQ.order.events}
     * @return the messages in queue order; empty if the queue does not exist (yet)
     * @throws JMSException if browsing fails
     */
    public List<Browsed> browseWithProperties(String queue) throws JMSException {
        List<Browsed> messages = new ArrayList<>();
        try (QueueBrowser browser = session.createBrowser(session.createQueue(queue))) {
            for (Enumeration<?> e = browser.getEnumeration(); e.hasMoreElements(); ) {
                Message message = (Message) e.nextElement();
                Map<String, String> properties = new java.util.HashMap<>();
                for (Enumeration<?> names = message.getPropertyNames(); names.hasMoreElements(); ) {
                    String name = (String) names.nextElement();
                    properties.put(name, String.valueOf(message.getObjectProperty(name)));
                }
                messages.add(new Browsed(message instanceof TextMessage text ? text.getText() : null, properties));
            }
        } catch (InvalidDestinationException noSuchQueue) {
            return List.of();
        }
        return messages;
    }

    /**
     * Asks the broker's management for the names of all its queues, e.g. to see which
     * subscription and dead-letter queues exist.
     *
     * @return the queue names, sorted
     * @throws JMSException if the request fails
     */
    public List<String> queueNames() throws JMSException {
        Object result = managementAttribute(ResourceNames.BROKER, "queueNames");
        if (!(result instanceof Object[] names)) {
            throw new JMSException("the broker's queueNames is not a list of names: " + result);
        }
        return Arrays.stream(names).map(String::valueOf).sorted().toList();
    }

    /**
     * Asks the broker's management how many messages a queue holds, scheduled redeliveries and
     * those being delivered included.
     *
     * @param queue the queue's name, e.g. the subscription queue {@code message.order-events}
     * @return its message count
     * @throws JMSException if the request fails (e.g. there is no such queue)
     */
    public long messageCount(String queue) throws JMSException {
        Object result = managementAttribute(ResourceNames.QUEUE + queue, "messageCount");
        return result instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(result));
    }

    /**
     * Creates a shared durable subscription of a topic and leaves it without a consumer, so that
     * it keeps every message published from now on, across broker restarts, until
     * {@link #unsubscribe(String)}; read it with {@link #browseWithProperties(String)} as
     * {@code <address>::<subscription>}.
     *
     * @param address      the topic's address, e.g. {@code order.events}
     * @param subscription the subscription's (and its queue's) name, unique to the test
     * @throws JMSException if the broker refuses
     */
    public void subscribe(String address, String subscription) throws JMSException {
        session.createSharedDurableConsumer(session.createTopic(address), subscription).close();
    }

    /**
     * Deletes a shared durable subscription made with {@link #subscribe(String, String)}, and the
     * messages it holds.
     *
     * @param subscription its name
     * @throws JMSException if the broker refuses
     */
    public void unsubscribe(String subscription) throws JMSException {
        session.unsubscribe(subscription);
    }

    /**
     * Asks the broker's management to remove every message of a queue, e.g. the made-up events a
     * consumer test left on the subscription of a service that was stopped meanwhile.
     *
     * @param queue the queue's name, e.g. the subscription queue {@code order.order\.delivery-events}
     * @return how many messages were removed; 0 if there is no such queue
     * @throws JMSException if the request fails for another reason
     */
    public long purge(String queue) throws JMSException {
        if (!queueNames().contains(queue)) {
            return 0;
        }
        String resource = ResourceNames.QUEUE + queue;
        Object result = management(resource + " removeAllMessages", request ->
                JMSManagementHelper.putOperationInvocation(request, resource, "removeAllMessages"));
        return result instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(result));
    }

    private Object managementAttribute(String resource, String attribute) throws JMSException {
        return management(resource + "." + attribute,
                request -> JMSManagementHelper.putAttribute(request, resource, attribute));
    }

    /** How a management request is filled in. */
    @FunctionalInterface
    private interface ManagementRequest {
        void fill(Message request) throws Exception;
    }

    private Object management(String what, ManagementRequest fill) throws JMSException {
        // A requestor closes its session when it is closed: give it one of its own.
        QueueSession requestSession = ((jakarta.jms.QueueConnection) connection)
                .createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
        QueueRequestor requestor = new QueueRequestor(requestSession,
                requestSession.createQueue("activemq.management"));
        try {
            Message request = requestSession.createMessage();
            fill.fill(request);
            Message reply = requestor.request(request);
            if (!JMSManagementHelper.hasOperationSucceeded(reply)) {
                throw new JMSException("management request " + what + " failed: "
                        + JMSManagementHelper.getResult(reply));
            }
            return JMSManagementHelper.getResult(reply);
        } catch (JMSException e) {
            throw e;
        } catch (Exception e) {
            throw new JMSException("management request failed: " + e);
        } finally {
            requestor.close();
        }
    }

    @Override
    public void close() throws JMSException {
        connection.close();
    }
}
