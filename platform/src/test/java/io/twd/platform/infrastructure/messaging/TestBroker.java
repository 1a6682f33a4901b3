package io.twd.platform.infrastructure.messaging;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;

/**
 * An embedded Artemis broker in the test's JVM (in-VM acceptor, no persistence), secured like the
 * project's broker ({@code broker/etc/broker.xml}) for what the outbox tests need: the user
 * {@value #SERVICE} may send to {@value #TOPIC} and use temporary queues, but may not send to
 * {@value #FORBIDDEN_TOPIC} (as a service may publish only to its own topic); the operator
 * records what arrives. Duplicate detection is on, as in the broker's default.
 *
 * <p>One broker serves every test of the JVM ({@link #shared()}), started on first use and
 * stopped when the JVM ends: mutation testing runs the tests again and again in one JVM.
 */
final class TestBroker {

    /** The publishing service's user, as the relay logs in. */
    static final String SERVICE = "order";
    /** The service's own topic. */
    static final String TOPIC = "order.events";
    /** Another service's topic: the broker refuses the service's sends to it. */
    static final String FORBIDDEN_TOPIC = "delivery.events";

    private static final String OPERATOR = "operator";
    private static final String URL = "vm://0";

    /** How long a recorder waits for more messages once it has the ones expected. */
    private static final Duration QUIET = Duration.ofMillis(100);
    /** How long a recorder waits for the messages it expects, in all (the broker is in this JVM). */
    private static final Duration EXPECTED_WITHIN = Duration.ofSeconds(3);

    private static TestBroker shared;

    private final EmbeddedActiveMQ server = new EmbeddedActiveMQ();

    /** @return the JVM's broker, started */
    static synchronized TestBroker shared() throws Exception {
        if (shared == null) {
            TestBroker broker = new TestBroker();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    broker.server.stop();
                } catch (Exception e) {
                    // the JVM ends anyway
                }
            }));
            shared = broker;
        }
        return shared;
    }

    private TestBroker() throws Exception {
        Configuration config = new ConfigurationImpl().setPersistenceEnabled(false).setSecurityEnabled(true)
                .setJMXManagementEnabled(false).addAcceptorConfiguration("in-vm", URL);
        config.putSecurityRoles("#", Set.of(
                new Role("service", true, true, false, false, true, true, false, false, true, true),
                new Role("amq", true, true, true, true, true, true, true, true, true, true)));
        config.putSecurityRoles(TOPIC, Set.of(
                new Role(SERVICE, true, false, false, false, false, false, false, false, false, false),
                new Role("amq", true, true, true, true, true, true, true, true, true, true)));
        config.putSecurityRoles(FORBIDDEN_TOPIC, Set.of(
                new Role("amq", true, true, true, true, true, true, true, true, true, true)));
        SecurityConfiguration users = new SecurityConfiguration();
        users.addUser(SERVICE, SERVICE);
        users.addRole(SERVICE, SERVICE);
        users.addRole(SERVICE, "service");
        users.addUser(OPERATOR, OPERATOR);
        users.addRole(OPERATOR, "amq");
        server.setConfiguration(config).setSecurityManager(
                new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), users));
        server.start();
    }

    /** @return a connection factory that logs in as the service, as the relay's does */
    ConnectionFactory serviceConnectionFactory() {
        return new ActiveMQConnectionFactory(URL + "?blockOnDurableSend=true&reconnectAttempts=0", SERVICE, SERVICE);
    }

    /** Stops the broker; {@link #start()} starts it again (empty: no persistence). */
    void stop() throws Exception {
        server.stop();
    }

    /** Starts the broker again after {@link #stop()}. */
    void start() throws Exception {
        server.start();
    }

    /**
     * Publishes a message as the relay would, as the operator (e.g. an event the broker took
     * before a relay died).
     *
     * @param topic   the topic
     * @param eventId the event id, also the duplicate detection id
     * @param payload the body
     */
    void publish(String topic, String eventId, String payload) throws JMSException {
        try (Connection connection = operatorConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageProducer producer = session.createProducer(session.createTopic(topic))) {
            TextMessage message = session.createTextMessage(payload);
            message.setStringProperty(EventPublisher.EVENT_ID, eventId);
            message.setStringProperty(EventPublisher.DUPLICATE_ID, eventId);
            producer.send(message);
        }
    }

    private Connection operatorConnection() throws JMSException {
        return new ActiveMQConnectionFactory(URL, OPERATOR, OPERATOR).createConnection();
    }

    /** Records the event ids published on a topic from the moment it is opened. */
    final class Recorder implements AutoCloseable {

        private final Connection connection;
        private final MessageConsumer consumer;

        Recorder(String topic) throws JMSException {
            connection = operatorConnection();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            consumer = session.createConsumer(session.createTopic(topic));
            connection.start();
        }

        /**
         * Reads the messages received since the last call, as {@link #eventIds(int)} does.
         *
         * @param expected how many messages to wait for
         * @return the messages, in arrival order
         */
        List<Message> messages(int expected) throws JMSException {
            List<Message> messages = new ArrayList<>();
            long deadline = System.nanoTime() + EXPECTED_WITHIN.toNanos();
            while (true) {
                long wait = messages.size() < expected
                        ? Math.max(1, (deadline - System.nanoTime()) / 1_000_000) : QUIET.toMillis();
                Message message = consumer.receive(wait);
                if (message == null) {
                    return messages;
                }
                messages.add(message);
            }
        }

        /**
         * Reads the messages received since the last call: waits for the expected number (at most
         * 3 s in all), then for more until none came for 100 ms.
         *
         * @param expected how many messages to wait for
         * @return the {@code eventId} of each message, in arrival order (fewer than expected if
         *     they did not come, more if more came)
         */
        List<String> eventIds(int expected) throws JMSException {
            List<String> ids = new ArrayList<>();
            for (Message message : messages(expected)) {
                ids.add(message.getStringProperty(EventPublisher.EVENT_ID));
            }
            return ids;
        }

        @Override
        public void close() throws JMSException {
            connection.close();
        }
    }
}
