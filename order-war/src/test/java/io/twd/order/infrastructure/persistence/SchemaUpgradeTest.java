package io.twd.order.infrastructure.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.twd.order.domain.model.order.Order;
import io.twd.order.domain.model.order.OrderStatus;
import io.twd.order.domain.model.order.PlacementKey;
import io.twd.order.domain.model.phone.Phone;
import io.twd.platform.infrastructure.messaging.OutboxEvent;
import io.twd.platform.infrastructure.messaging.ProcessedEvent;
import io.twd.platform.testing.SchemaUpgrade;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The order service's migrations ({@code db/migration/common} and {@code /derby}) keep what a server of schema
 * version 1 wrote ({@code db/fixture/schema-v1-data.sql}): after the newest migration its
 * persistence unit reads every row back through its entities and goes on placing orders.
 */
class SchemaUpgradeTest {

    @Test
    void whatVersion1WroteIsReadAndExtendedUnderTheNewestSchema() {
        try (var db = SchemaUpgrade.derbyInMemory("order-upgrade").withOutbox()) {
            db.migrateTo("1").run("db/fixture/schema-v1-data.sql");
            db.migrateTo("2").insertOutboxEvents("00000000-0000-4000-8000-0000000000e1",
                    "00000000-0000-4000-8000-0000000000e2");

            db.migrateToNewest();

            assertEquals(List.of(), db.identityColumns(), "ids from sequences, not identity columns");

            var em = db.persistenceUnit("order").createEntityManager();
            Order order = em.find(Order.class, 1L);
            assertEquals("kim", order.getCustomerId());
            assertEquals("kim@example.com", order.getCustomerEmail());
            assertEquals(OrderStatus.Ordered, order.getOrderStatus());
            assertEquals(12L, order.getDeliveryId());
            assertEquals("7/V1-SN-2", order.getActivePhoneKey());
            PlacementKey key = em.find(PlacementKey.class, "v1-key-1");
            assertEquals(1L, key.getOrderId());
            assertEquals("f1f1f1f1", key.getFingerprint());
            Phone phone = em.find(Phone.class, 2L);
            assertEquals("V1-SN-2", phone.getEqpSernum());
            assertEquals(7L, phone.getShopId());
            assertEquals("EqpRegistered",
                    em.find(ProcessedEvent.class, "00000000-0000-4000-8000-000000000002").getEventType());

            em.getTransaction().begin();
            Order next = Order.place("lee", "lee@example.com", 7, "Galaxy S25", "V1-SN-1", Instant.now());
            em.persist(next);
            em.persist(new OutboxEvent("00000000-0000-4000-8000-0000000000e3", "order.events", "Ordered",
                    "2", null, null, "{}", Instant.now()));
            em.getTransaction().commit();
            assertEquals(2L, next.getId(), "ids go on after those version 1 gave");
            assertEquals(List.of("00000000-0000-4000-8000-0000000000e1", "00000000-0000-4000-8000-0000000000e2",
                    "00000000-0000-4000-8000-0000000000e3"), db.outboxEventIds(), "the waiting events first");
            em.close();
        }
    }
}
