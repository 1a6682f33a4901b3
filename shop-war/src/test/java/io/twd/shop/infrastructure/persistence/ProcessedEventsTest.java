package io.twd.shop.infrastructure.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twd.platform.infrastructure.messaging.IncomingEvent;
import io.twd.platform.infrastructure.messaging.ProcessedEvent;
import io.twd.platform.infrastructure.messaging.ProcessedEvents;
import io.twd.platform.testing.SchemaUpgrade;
import io.twd.shop.domain.model.phone.Phone;
import jakarta.json.Json;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@link ProcessedEvents} on the shop's newest schema (embedded Derby): one conditional insert
 * records an event the first time, answers false for each redelivery, and leaves the transaction
 * usable for the effect either way.
 */
class ProcessedEventsTest {

    private static IncomingEvent event(String type) {
        return new IncomingEvent(UUID.randomUUID(), type, Instant.now(), "corr", Json.createObjectBuilder().build());
    }

    @Test
    void anEventIsFirstDeliveredOnceAndItsRedeliveriesChangeNothing() {
        try (var db = SchemaUpgrade.derbyInMemory("shop-processed-events").withOutbox()) {
            db.migrateToNewest();
            var em = db.persistenceUnit("shop").createEntityManager();
            var processedEvents = new ProcessedEvents(em);
            IncomingEvent ordered = event("OrderPlaced");
            IncomingEvent cancelled = event("OrderCancelled");

            em.getTransaction().begin();
            assertTrue(processedEvents.firstDelivery(ordered));
            assertFalse(processedEvents.firstDelivery(ordered), "seen within the same transaction");
            em.getTransaction().commit();

            em.getTransaction().begin();
            assertFalse(processedEvents.firstDelivery(ordered), "a redelivery after the commit");
            assertTrue(processedEvents.firstDelivery(cancelled), "another event is new");
            Phone phone = Phone.register(7, "Pixel 10", "SN-PE-1", Instant.now());
            em.persist(phone);
            em.getTransaction().commit();

            em.clear();
            assertNotNull(em.find(Phone.class, phone.getId()), "the effect after a duplicate committed");
            ProcessedEvent row = em.find(ProcessedEvent.class, ordered.eventId().toString());
            assertEquals("OrderPlaced", row.getEventType());
            assertTrue(Math.abs(row.getProcessedAt().toEpochMilli() - System.currentTimeMillis()) < 60_000,
                    "processed_at is now (UTC): " + row.getProcessedAt());
            assertEquals(2L, em.createQuery("SELECT COUNT(p) FROM ProcessedEvent p", Long.class).getSingleResult());
            em.close();
        }
    }

    @Test
    void aRolledBackDeliveryLeavesNoRecord() {
        try (var db = SchemaUpgrade.derbyInMemory("shop-processed-events-rollback").withOutbox()) {
            db.migrateToNewest();
            var em = db.persistenceUnit("shop").createEntityManager();
            var processedEvents = new ProcessedEvents(em);
            IncomingEvent ordered = event("OrderPlaced");

            em.getTransaction().begin();
            assertTrue(processedEvents.firstDelivery(ordered));
            em.getTransaction().rollback();

            em.getTransaction().begin();
            assertTrue(processedEvents.firstDelivery(ordered), "the broker's redelivery applies it");
            em.getTransaction().commit();
            em.close();
        }
    }
}
