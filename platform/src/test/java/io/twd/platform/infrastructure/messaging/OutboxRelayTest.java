package io.twd.platform.infrastructure.messaging;

import static io.twd.platform.infrastructure.messaging.TestBroker.FORBIDDEN_TOPIC;
import static io.twd.platform.infrastructure.messaging.TestBroker.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.Counter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox relay ({@link OutboxRelay}, {@link OutboxBatch}, {@link OutboxTransport}) against a
 * real Artemis broker (embedded, secured like the project's) and the publishing services' real
 * outbox schema on Derby: order of sending, the one-by-one resend of a batch the broker refuses
 * as a whole, a poison event, a broker that is down, and two relays on one database.
 */
class OutboxRelayTest {

    private static TestBroker broker;

    private OutboxDatabase db;
    private final List<LogRecord> log = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (log) {
                log.add(record);
            }
        }

        @Override
        public void flush() {
            // kept in memory
        }

        @Override
        public void close() {
            // nothing held
        }
    };

    @BeforeAll
    static void startBroker() throws Exception {
        broker = TestBroker.shared();
    }

    @BeforeEach
    void emptyOutbox() throws Exception {
        db = OutboxDatabase.emptied();
        Logger.getLogger(OutboxBatch.class.getName()).addHandler(capture);
        Logger.getLogger(OutboxTransport.class.getName()).addHandler(capture);
    }

    @AfterEach
    void stopCapture() {
        Logger.getLogger(OutboxBatch.class.getName()).removeHandler(capture);
        Logger.getLogger(OutboxTransport.class.getName()).removeHandler(capture);
    }

    private OutboxTransport transport() {
        OutboxTransport transport = new OutboxTransport();
        transport.connectionFactory = broker.serviceConnectionFactory();
        return transport;
    }

    @Test
    void sendsInSeqNoOrderWhateverOrderTheTableHoldsTheRowsIn() throws Exception {
        db.nextSeqNo(100);
        String last = db.write(TOPIC);
        db.nextSeqNo(1);
        String first = db.write(TOPIC);
        String second = db.write(TOPIC);
        // the fixture means something: a scan of the table meets the rows in another order
        assertThat(db.seqNoOrder()).containsExactly(first, second, last);
        assertThat(db.unorderedScan()).isNotEqualTo(db.seqNoOrder());

        OutboxBatch batch = db.batch(transport());
        try (TestBroker.Recorder topic = broker.new Recorder(TOPIC)) {
            assertThat(batch.relayNext(2, 10)).isEqualTo(new OutboxBatch.Relayed(2, 2, 0));
            assertThat(batch.relayNext(2, 10)).isEqualTo(new OutboxBatch.Relayed(1, 1, 0));
            assertThat(topic.eventIds(3)).containsExactly(first, second, last);
        }
        assertThat(db.rows()).isEmpty();
        assertThat(messages()).as("each batch went as one broker transaction")
                .noneMatch(m -> m.contains("one by one"));
    }

    @Test
    void anEventLeavesAsItWasWrittenPersistentWithItsPropertiesAndTraceContext() throws Exception {
        String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        String traced = db.write(TOPIC, "OrderCancelled", "42", traceparent, "vendor=x");
        String untraced = db.write(TOPIC, "Ordered", null, null, null);
        try (TestBroker.Recorder topic = broker.new Recorder(TOPIC)) {
            db.batch(transport()).relayNext(200, 10);
            List<jakarta.jms.Message> received = topic.messages(2);
            assertThat(received).hasSize(2);

            jakarta.jms.TextMessage first = (jakarta.jms.TextMessage) received.get(0);
            assertThat(first.getText()).isEqualTo("{\"eventId\":\"" + traced + "\"}");
            assertThat(first.getStringProperty(EventPublisher.EVENT_ID)).isEqualTo(traced);
            assertThat(first.getStringProperty(EventPublisher.EVENT_TYPE)).isEqualTo("OrderCancelled");
            assertThat(first.getStringProperty(EventPublisher.DUPLICATE_ID)).isEqualTo(traced);
            assertThat(first.getJMSCorrelationID()).isEqualTo("42");
            assertThat(first.getJMSDeliveryMode()).isEqualTo(jakarta.jms.DeliveryMode.PERSISTENT);
            assertThat(first.getStringProperty(EventTracing.TRACEPARENT)).isEqualTo(traceparent);
            assertThat(first.getStringProperty(EventTracing.TRACESTATE)).isEqualTo("vendor=x");

            jakarta.jms.Message second = received.get(1);
            assertThat(second.getStringProperty(EventPublisher.EVENT_ID)).isEqualTo(untraced);
            assertThat(second.getJMSCorrelationID()).isNull();
            assertThat(second.propertyExists(EventTracing.TRACEPARENT)).isFalse();
            assertThat(second.propertyExists(EventTracing.TRACESTATE)).isFalse();
        }
    }

    @Test
    void aBrokerThatStopsAnsweringAfterTheConnectionCountsNoAttempt() throws Exception {
        db.write(TOPIC);
        db.write(TOPIC);
        OutboxTransport transport = new OutboxTransport();
        transport.connectionFactory = FailingSends.around(broker.serviceConnectionFactory());
        OutboxBatch batch = db.batch(transport);
        for (int poll = 0; poll < 3; poll++) {
            assertThat(batch.relayNext(200, 1)).isEqualTo(new OutboxBatch.Relayed(2, 0, 0));
        }
        assertThat(db.rows()).extracting(OutboxDatabase.Row::attempts).containsExactly(0, 0);
        assertThat(warnings()).isEmpty();
    }

    @Test
    void anEmptyOutboxIsReadOnceWithoutTakingTheLock() throws Exception {
        OutboxBatch batch = db.batch(transport());
        assertThat(batch.relayNext(200, 10)).isEqualTo(new OutboxBatch.Relayed(0, 0, 0));
        assertThat(db.lockedAt()).as("the relay lock of an idle poll").isNull();

        db.write(TOPIC);
        batch.relayNext(200, 10);
        assertThat(db.lockedAt()).as("the relay lock of a batch").isNotNull();
    }

    @Test
    void aBatchTheBrokerRefusesAsAWholeIsSentOneByOneAndOnlyItsNewEventsAreRouted() throws Exception {
        String taken = db.write(TOPIC);
        String second = db.write(TOPIC);
        String third = db.write(TOPIC);
        try (TestBroker.Recorder topic = broker.new Recorder(TOPIC)) {
            // a relay died after the broker took the first event and before its deletion committed:
            // the broker rejects a transaction that holds it again (duplicate detection)
            broker.publish(TOPIC, taken, "{}");

            assertThat(db.batch(transport()).relayNext(200, 10)).isEqualTo(new OutboxBatch.Relayed(3, 3, 0));

            assertThat(topic.eventIds(3)).containsExactly(taken, second, third);
        }
        assertThat(db.rows()).isEmpty();
    }

    @Test
    void aPoisonEventCountsAttemptsWhileTheEventsBehindItWaitThenIsParkedAndTheyGoOn() throws Exception {
        String before = db.write(TOPIC);
        String poison = db.write(FORBIDDEN_TOPIC);  // the service may not publish there: refused
        String behind = db.write(TOPIC);
        OutboxBatch batch = db.batch(transport());
        try (TestBroker.Recorder topic = broker.new Recorder(TOPIC);
             TestBroker.Recorder forbidden = broker.new Recorder(FORBIDDEN_TOPIC)) {
            assertThat(batch.relayNext(200, 3)).isEqualTo(new OutboxBatch.Relayed(3, 1, 0));
            assertThat(db.rows()).extracting(OutboxDatabase.Row::eventId, OutboxDatabase.Row::attempts,
                    OutboxDatabase.Row::parked).containsExactly(
                            org.assertj.core.groups.Tuple.tuple(poison, 1, false),
                            org.assertj.core.groups.Tuple.tuple(behind, 0, false));
            assertThat(topic.eventIds(1)).as("nothing overtakes the refused event").containsExactly(before);

            assertThat(batch.relayNext(200, 3)).isEqualTo(new OutboxBatch.Relayed(2, 0, 0));
            assertThat(batch.parked()).isZero();
            assertThat(batch.waiting()).as("the refused event and the one behind it").isEqualTo(2);
            assertThat(batch.relayNext(200, 3)).isEqualTo(new OutboxBatch.Relayed(2, 0, 1));
            assertThat(batch.parked()).isEqualTo(1);
            assertThat(batch.waiting()).as("the event behind the parked one").isEqualTo(1);
            OutboxDatabase.Row parked = db.rows().get(0);
            assertThat(parked.eventId()).isEqualTo(poison);
            assertThat(parked.attempts()).isEqualTo(3);
            assertThat(parked.parked()).isTrue();
            assertThat(parked.lastError()).containsIgnoringCase("permission");
            assertThat(warnings()).anySatisfy(w -> assertThat(w).contains(poison).contains(OutboxBatch.PARKED));

            assertThat(batch.relayNext(200, 3)).isEqualTo(new OutboxBatch.Relayed(1, 1, 0));
            assertThat(topic.eventIds(1)).containsExactly(behind);
            assertThat(batch.waiting()).as("a parked event does not wait to be sent").isZero();
            // parked: never read again, never sent
            assertThat(batch.relayNext(200, 3)).isEqualTo(new OutboxBatch.Relayed(0, 0, 0));
            assertThat(forbidden.eventIds(0)).isEmpty();
        }
        assertThat(db.rows()).extracting(OutboxDatabase.Row::eventId).containsExactly(poison);
    }

    @Test
    void aBrokerThatIsDownCountsNoAttemptAndTheEventsLeaveOnceItIsBack() throws Exception {
        String first = db.write(TOPIC);
        String second = db.write(TOPIC);
        OutboxBatch batch = db.batch(transport());
        broker.stop();
        try {
            for (int poll = 0; poll < 3; poll++) {
                assertThat(batch.relayNext(200, 1)).isEqualTo(new OutboxBatch.Relayed(2, 0, 0));
            }
            assertThat(db.rows()).extracting(OutboxDatabase.Row::attempts).containsExactly(0, 0);
        } finally {
            broker.start();
        }
        try (TestBroker.Recorder topic = broker.new Recorder(TOPIC)) {
            assertThat(batch.relayNext(200, 1)).isEqualTo(new OutboxBatch.Relayed(2, 2, 0));
            assertThat(topic.eventIds(2)).containsExactly(first, second);
        }
        assertThat(warnings()).isEmpty();
    }

    @Test
    void aRunDrainsFullBatchesAndStopsAtOneThatCouldNotBeSentWhole() throws Exception {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(db.write(TOPIC));
        }
        OutboxRelay relay = new OutboxRelay();
        relay.batch = db.batch(transport());
        relay.batchSize = 2;
        relay.maxAttempts = 10;
        AtomicLong counted = new AtomicLong();
        relay.sent = counter(counted);
        try (TestBroker.Recorder topic = broker.new Recorder(TOPIC)) {
            relay.drain();
            assertThat(topic.eventIds(events.size())).containsExactlyElementsOf(events);
            assertThat(counted).hasValue(5);

            String a = db.write(TOPIC);
            String b = db.write(TOPIC);
            String poison = db.write(FORBIDDEN_TOPIC);
            String waiting = db.write(TOPIC);
            relay.drain();
            assertThat(topic.eventIds(2)).containsExactly(a, b);
            assertThat(counted).hasValue(7);
            assertThat(db.rows()).extracting(OutboxDatabase.Row::eventId).containsExactly(poison, waiting);

            // the poison's last attempt parks it: that batch is cleared, and the run goes on
            relay.maxAttempts = 2;
            String c = db.write(TOPIC);
            String d = db.write(TOPIC);
            relay.drain();
            assertThat(topic.eventIds(3)).containsExactly(waiting, c, d);
            assertThat(counted).hasValue(10);
            assertThat(db.rows()).extracting(OutboxDatabase.Row::eventId).containsExactly(poison);
        }
    }

    @Test
    void twoRelaysOnOneDatabaseSendEachEventOnceAndInOrder() throws Exception {
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            written.add(db.write(TOPIC));
        }
        Map<String, Integer> sends = new ConcurrentHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService replicas = Executors.newFixedThreadPool(2);
        try (TestBroker.Recorder topic = broker.new Recorder(TOPIC)) {
            List<Future<Integer>> runs = new ArrayList<>();
            for (int replica = 0; replica < 2; replica++) {
                OutboxBatch batch = db.batch(new CountingTransport(sends));
                runs.add(replicas.submit(() -> {
                    start.await();
                    int batches = 0;
                    while (batch.relayNext(10, 10).read() > 0) {
                        batches++;
                    }
                    return batches;
                }));
            }
            start.countDown();
            List<Integer> batches = new ArrayList<>();
            for (Future<Integer> run : runs) {
                batches.add(run.get(60, TimeUnit.SECONDS));
            }
            assertThat(sends).as("events sent").hasSize(written.size());
            assertThat(sends.entrySet().stream().filter(e -> e.getValue() != 1).toList())
                    .as("events sent more than once").isEmpty();
            assertThat(batches).as("batches per relay").allSatisfy(n -> assertThat(n).isPositive());
            assertThat(topic.eventIds(written.size())).containsExactlyElementsOf(written);
        } finally {
            replicas.shutdownNow();
        }
        assertThat(db.rows()).isEmpty();
    }

    /**
     * The relay's transport, counting per event what the broker took, and pausing before each
     * send so that another relay has time to read the outbox meanwhile.
     */
    private final class CountingTransport extends OutboxTransport {

        private final Map<String, Integer> sends;

        CountingTransport(Map<String, Integer> sends) {
            this.sends = sends;
            connectionFactory = broker.serviceConnectionFactory();
        }

        @Override
        Outcome send(List<OutboxEvent> events) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Outcome outcome = super.send(events);
            events.subList(0, outcome.sent()).forEach(e -> sends.merge(e.getEventId(), 1, Integer::sum));
            return outcome;
        }
    }

    private List<String> messages() {
        synchronized (log) {
            return log.stream().map(LogRecord::getMessage).toList();
        }
    }

    private List<String> warnings() {
        synchronized (log) {
            return log.stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
                    .map(LogRecord::getMessage).toList();
        }
    }

    private static Counter counter(AtomicLong count) {
        return new Counter() {
            @Override
            public void inc() {
                count.incrementAndGet();
            }

            @Override
            public void inc(long n) {
                count.addAndGet(n);
            }

            @Override
            public long getCount() {
                return count.get();
            }
        };
    }
}
