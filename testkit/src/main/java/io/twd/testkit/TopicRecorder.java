package io.twd.testkit;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A plain JMS client that records every message published on a topic from the moment it is
 * opened (a non-durable subscription), for tests that check what a service published. A message
 * it fails to record is not silently dropped: every later read of the recording, and closing it,
 * fails with that error, so that a check that nothing was published cannot pass for that reason.
 */
public final class TopicRecorder implements AutoCloseable {

    /**
     * A recorded message.
     *
     * @param body          the text body (the event's JSON)
     * @param properties    the JMS string properties, e.g. {@code eventType}, {@code eventId}
     * @param correlationId the JMS correlation id
     */
    public record Recorded(String body, Map<String, String> properties, String correlationId) {

        /**
         * @param name a JMS property name
         * @return its value, or null
         */
        public String property(String name) {
            return properties.get(name);
        }
    }

    private final Connection connection;
    private final List<Recorded> messages = new ArrayList<>();
    private final List<Exception> failures = new ArrayList<>();

    /**
     * Subscribes to a topic.
     *
     * @param factory a connection factory of the broker
     * @param address the topic's address, e.g. {@code shop.events}
     * @throws JMSException if the broker cannot be reached
     */
    public TopicRecorder(ConnectionFactory factory, String address) throws JMSException {
        connection = factory.createConnection();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = session.createConsumer(session.createTopic(address));
        consumer.setMessageListener(this::record);
        connection.start();
    }

    private void record(Message message) {
        try {
            Map<String, String> properties = new HashMap<>();
            for (Enumeration<?> names = message.getPropertyNames(); names.hasMoreElements(); ) {
                String name = (String) names.nextElement();
                properties.put(name, message.getStringProperty(name));
            }
            String body = message instanceof TextMessage text ? text.getText() : null;
            synchronized (messages) {
                messages.add(new Recorded(body, properties, message.getJMSCorrelationID()));
                messages.notifyAll();
            }
        } catch (JMSException | RuntimeException e) {
            synchronized (messages) {
                failures.add(e);
                messages.notifyAll();
            }
        }
    }

    /** Throws if a message could not be recorded; call with the lock held. */
    private void requireComplete() {
        if (!failures.isEmpty()) {
            throw new IllegalStateException("the recorder lost " + failures.size()
                    + " message(s): the recording is incomplete", failures.get(0));
        }
    }

    /**
     * @return a copy of what was recorded so far, in arrival order
     * @throws IllegalStateException if a message could not be recorded
     */
    public List<Recorded> messages() {
        synchronized (messages) {
            requireComplete();
            return List.copyOf(messages);
        }
    }

    /**
     * Waits for a message matching the predicate.
     *
     * @param matching what to wait for
     * @param timeout  how long at most
     * @return the first matching message, or empty after the timeout
     * @throws IllegalStateException if a message could not be recorded
     */
    public Optional<Recorded> await(Predicate<Recorded> matching, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        synchronized (messages) {
            while (true) {
                requireComplete();
                Optional<Recorded> found = messages.stream().filter(matching).findFirst();
                long left = Duration.between(Instant.now(), deadline).toMillis();
                if (found.isPresent() || left <= 0) {
                    return found;
                }
                try {
                    messages.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
            }
        }
    }

    /**
     * Closes the subscription.
     *
     * @throws JMSException          if closing fails
     * @throws IllegalStateException if a message could not be recorded meanwhile
     */
    @Override
    public void close() throws JMSException {
        connection.close();
        synchronized (messages) {
            requireComplete();
        }
    }
}
