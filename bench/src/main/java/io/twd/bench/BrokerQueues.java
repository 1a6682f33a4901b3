package io.twd.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueRequestor;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * The broker's queues as its management API reports them ({@code listQueues} on the management
 * address, the call {@code artemis queue stat} makes; the operator user {@code twd} of the local
 * run): how many events each subscription has not yet processed ({@code messageCount}, those
 * being delivered included), and how many sit on the dead-letter queues. One request answers for
 * every queue and costs the broker little: the queue depth can be sampled every second or two
 * under load without taking the broker's CPU from the events. (The Prometheus endpoint of the
 * broker's JMX exporter agent matches every attribute of every queue against its rules: scraped
 * every 2 s it took most of the broker's CPU in a profile.)
 */
final class BrokerQueues implements AutoCloseable {

    /** The broker of {@code ./twd up}. */
    static final String URL = "tcp://127.0.0.1:61616";

    private static final String ALL_QUEUES = "{\"field\":\"\",\"operation\":\"\",\"value\":\"\"}";
    private static final ObjectMapper JSON = new ObjectMapper();

    private QueueConnection connection;

    /**
     * What one request found.
     *
     * @param subscriptions messages per subscription queue (on the topics' addresses, {@code *.events}),
     *                      e.g. {@code mypage.order-events}
     * @param deadLetters   messages on the dead-letter queues ({@code DLQ.*})
     */
    record Depths(Map<String, Long> subscriptions, long deadLetters) {

        /** @return the messages on all subscription queues together */
        long pending() {
            return subscriptions.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * @return the queues now
     * @throws IOException if the broker cannot be asked (is it running?)
     */
    synchronized Depths scrape() throws IOException {
        try {
            if (connection == null) {
                ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(URL, "twd", "twd");
                connection = factory.createQueueConnection();
                connection.start();
            }
            QueueSession session = connection.createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
            QueueRequestor requestor = new QueueRequestor(session, session.createQueue("activemq.management"));
            try {
                Message request = session.createMessage();
                JMSManagementHelper.putOperationInvocation(request, ResourceNames.BROKER, "listQueues", ALL_QUEUES, 1, 10_000);
                Message reply = requestor.request(request);
                if (!JMSManagementHelper.hasOperationSucceeded(reply)) {
                    throw new IOException("the broker refused listQueues: " + JMSManagementHelper.getResult(reply));
                }
                return parse(String.valueOf(JMSManagementHelper.getResult(reply, String.class)));
            } finally {
                requestor.close();
            }
        } catch (JMSException | RuntimeException e) {
            closeQuietly();
            throw new IOException("cannot ask the broker for its queues: " + e, e);
        } catch (Exception e) {
            closeQuietly();
            throw new IOException("cannot read the broker's answer: " + e, e);
        }
    }

    /**
     * @param json the answer of {@code listQueues}: {@code {"data":[{"name":..,"address":..,"messageCount":..},..]}}
     * @return the subscription queues' and dead-letter queues' depths in it
     * @throws IOException if it is not such JSON
     */
    static Depths parse(String json) throws IOException {
        JsonNode data = JSON.readTree(json).path("data");
        Map<String, Long> subscriptions = new TreeMap<>();
        long dead = 0;
        for (JsonNode queue : data) {
            String name = queue.path("name").asText().replace("\\", "");
            String address = queue.path("address").asText();
            long count = queue.path("messageCount").asLong();
            if (name.startsWith("DLQ.")) {
                dead += count;
            } else if (address.endsWith(".events")) {
                subscriptions.merge(name, count, Long::sum);
            }
        }
        return new Depths(subscriptions, dead);
    }

    private void closeQuietly() {
        if (connection != null) {
            try {
                connection.close();
            } catch (JMSException ignored) {
                // a broken connection: a new one is made at the next request
            }
            connection = null;
        }
    }

    /** Closes the connection to the broker. */
    @Override
    public synchronized void close() {
        closeQuietly();
    }
}
