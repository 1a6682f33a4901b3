package io.twd.platform.infrastructure.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The idempotency record ({@link ProcessedEvents}) on a service's real {@code processed_event}
 * table (Derby, through EclipseLink): the first delivery of an event id is recorded and answered
 * true, every redelivery answers false and is logged as dropped, and a rolled-back delivery
 * leaves nothing behind.
 */
class ProcessedEventsTest {

    private EntityManager em;
    private final StringBuilder log = new StringBuilder();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            log.append(record.getMessage()).append('\n');
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

    @BeforeEach
    void open() throws Exception {
        em = OutboxDatabase.emptied().persistenceUnit("platform-messaging").createEntityManager();
        Logger.getLogger(ProcessedEvents.class.getName()).addHandler(capture);
    }

    @AfterEach
    void close() {
        Logger.getLogger(ProcessedEvents.class.getName()).removeHandler(capture);
        em.close();
    }

    private static IncomingEvent event(String type) {
        return new IncomingEvent(UUID.randomUUID(), type, Instant.now(), "1", Json.createObjectBuilder().build());
    }

    @Test
    void theFirstDeliveryIsRecordedAndEveryRedeliveryIsDropped() {
        ProcessedEvents processed = new ProcessedEvents(em);
        IncomingEvent ordered = event("Ordered");

        em.getTransaction().begin();
        assertThat(processed.firstDelivery(ordered)).isTrue();
        em.getTransaction().commit();
        assertThat(log).doesNotContain(ProcessedEvents.DUPLICATE_DROPPED);

        em.getTransaction().begin();
        assertThat(processed.firstDelivery(ordered)).as("a redelivery").isFalse();
        assertThat(processed.firstDelivery(event("Ordered"))).as("another event of the same type").isTrue();
        em.getTransaction().commit();
        assertThat(log).contains("Event " + ordered.eventId() + " (\"Ordered\") was applied before: "
                + ProcessedEvents.DUPLICATE_DROPPED);

        em.clear();
        ProcessedEvent row = em.find(ProcessedEvent.class, ordered.eventId().toString());
        assertThat(row.getEventType()).isEqualTo("Ordered");
        assertThat(em.createQuery("SELECT COUNT(p) FROM ProcessedEvent p", Long.class).getSingleResult()).isEqualTo(2);
    }

    @Test
    void aRolledBackDeliveryLeavesNoRecord() {
        ProcessedEvents processed = new ProcessedEvents(em);
        IncomingEvent ordered = event("Ordered");

        em.getTransaction().begin();
        assertThat(processed.firstDelivery(ordered)).isTrue();
        em.getTransaction().rollback();

        em.getTransaction().begin();
        assertThat(processed.firstDelivery(ordered)).as("the broker's redelivery is applied").isTrue();
        em.getTransaction().commit();
    }
}
