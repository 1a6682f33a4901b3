package io.twd.delivery.infrastructure.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.twd.delivery.domain.model.delivery.Delivery;
import io.twd.delivery.domain.model.delivery.DeliveryOrder;
import io.twd.delivery.domain.model.delivery.DeliveryStatus;
import io.twd.platform.infrastructure.messaging.OutboxEvent;
import io.twd.platform.infrastructure.messaging.ProcessedEvent;
import io.twd.platform.testing.SchemaUpgrade;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The delivery service's migrations ({@code db/migration/common} and {@code /derby}) keep what a server of schema
 * version 1 wrote ({@code db/fixture/schema-v1-data.sql}): after the newest migration its
 * persistence unit reads every row back through its entities. Ids and outbox positions no longer
 * come from identity columns (version 3): new ones go on above those in use, and the events that
 * waited in the outbox are sent first.
 */
class SchemaUpgradeTest {

    @Test
    void whatVersion1WroteIsReadUnderTheNewestSchema() {
        try (var db = SchemaUpgrade.derbyInMemory("delivery-upgrade").withOutbox()) {
            db.migrateTo("1").run("db/fixture/schema-v1-data.sql");
            db.migrateTo("2").insertOutboxEvents("00000000-0000-4000-8000-0000000000e1",
                    "00000000-0000-4000-8000-0000000000e2");

            db.migrateToNewest();

            assertEquals(List.of(), db.identityColumns(), "ids from sequences, not identity columns");

            var em = db.persistenceUnit("delivery").createEntityManager();
            Delivery delivery = em.find(Delivery.class, 1L);
            assertEquals(41L, delivery.getOrderId());
            assertEquals(DeliveryStatus.DeliveryConfirmed, delivery.getDeliveryStatus());
            assertEquals("kim", delivery.getCustomerId());
            assertEquals("V1-SN-2", delivery.getEqpSernum());
            assertEquals(7L, delivery.getShopId());
            assertEquals("OrderPlaced",
                    em.find(ProcessedEvent.class, "00000000-0000-4000-8000-000000000041").getEventType());

            em.getTransaction().begin();
            Delivery next = Delivery.request(new DeliveryOrder(42, "lee", "lee@example.com", 7, "Galaxy S25", "V1-SN-1"),
                    Instant.now());
            em.persist(next);
            em.persist(new OutboxEvent("00000000-0000-4000-8000-0000000000e3", "delivery.events", "DeliveryStarted",
                    "42", null, null, "{}", Instant.now()));
            em.getTransaction().commit();
            assertEquals(2L, next.getId(), "ids go on after those version 1 gave");
            assertEquals(List.of("00000000-0000-4000-8000-0000000000e1", "00000000-0000-4000-8000-0000000000e2",
                    "00000000-0000-4000-8000-0000000000e3"), db.outboxEventIds(), "the waiting events first");
            em.close();
        }
    }
}
