package io.twd.shop.infrastructure.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.twd.platform.infrastructure.messaging.OutboxEvent;
import io.twd.platform.infrastructure.messaging.ProcessedEvent;
import io.twd.platform.testing.SchemaUpgrade;
import io.twd.shop.domain.model.phone.EqpStatus;
import io.twd.shop.domain.model.phone.OrderStage;
import io.twd.shop.domain.model.phone.Phone;
import io.twd.shop.domain.model.phone.PhoneOrder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shop's migrations ({@code db/migration/common} and {@code /derby}) keep what a server of schema version 1
 * wrote ({@code db/fixture/schema-v1-data.sql}): after the newest migration the shop's
 * persistence unit reads every row back through its entities and goes on writing.
 */
class SchemaUpgradeTest {

    @Test
    void whatVersion1WroteIsReadAndExtendedUnderTheNewestSchema() {
        try (var db = SchemaUpgrade.derbyInMemory("shop-upgrade").withOutbox()) {
            db.migrateTo("1").run("db/fixture/schema-v1-data.sql");
            db.migrateTo("2").insertOutboxEvents("00000000-0000-4000-8000-0000000000e1",
                    "00000000-0000-4000-8000-0000000000e2");

            db.migrateToNewest();

            assertEquals(List.of(), db.identityColumns(), "ids from sequences, not identity columns");

            var em = db.persistenceUnit("shop").createEntityManager();
            Phone ordered = em.find(Phone.class, 2L);
            assertEquals("iPhone 17", ordered.getEqpNm());
            assertEquals("V1-SN-2", ordered.getEqpSernum());
            assertEquals(EqpStatus.Ordered, ordered.getEqpStatus());
            assertEquals(41L, ordered.getOrderId());
            assertEquals(7L, ordered.getShopId());
            assertEquals(EqpStatus.OrderAvailable, em.find(Phone.class, 1L).getEqpStatus());
            PhoneOrder order = em.find(PhoneOrder.class, 41L);
            assertEquals(OrderStage.Ordered, order.getStage());
            assertEquals("V1-SN-2", order.getEqpSernum());
            ProcessedEvent processed = em.find(ProcessedEvent.class, "00000000-0000-4000-8000-000000000041");
            assertEquals("OrderPlaced", processed.getEventType());

            em.getTransaction().begin();
            Phone registered = Phone.register(7, "Pixel 10", "NEW-SN-1", Instant.now());
            em.persist(registered);
            em.persist(new OutboxEvent("00000000-0000-4000-8000-0000000000e3", "shop.events", "EqpRegistered",
                    "7/NEW-SN-1", null, null, "{}", Instant.now()));
            em.getTransaction().commit();
            assertEquals(List.of("00000000-0000-4000-8000-0000000000e1", "00000000-0000-4000-8000-0000000000e2",
                    "00000000-0000-4000-8000-0000000000e3"), db.outboxEventIds(), "the waiting events first");
            assertNotNull(registered.getId());
            assertEquals(3L, registered.getId(), "ids go on after those version 1 gave");
            em.close();
        }
    }
}
