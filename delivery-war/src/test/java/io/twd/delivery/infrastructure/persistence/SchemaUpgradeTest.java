package io.twd.delivery.infrastructure.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.twd.delivery.domain.model.delivery.Delivery;
import io.twd.delivery.domain.model.delivery.DeliveryStatus;
import io.twd.platform.infrastructure.messaging.ProcessedEvent;
import io.twd.platform.testing.SchemaUpgrade;
import org.junit.jupiter.api.Test;

/**
 * The delivery service's migrations ({@code db/migration/common} and {@code /derby}) keep what a server of schema
 * version 1 wrote ({@code db/fixture/schema-v1-data.sql}): after the newest migration its
 * persistence unit reads every row back through its entities.
 */
class SchemaUpgradeTest {

    @Test
    void whatVersion1WroteIsReadUnderTheNewestSchema() {
        try (var db = SchemaUpgrade.derbyInMemory("delivery-upgrade")) {
            db.migrateTo("1").run("db/fixture/schema-v1-data.sql");

            db.migrateToNewest();

            var em = db.persistenceUnit("delivery").createEntityManager();
            Delivery delivery = em.find(Delivery.class, 1L);
            assertEquals(41L, delivery.getOrderId());
            assertEquals(DeliveryStatus.DeliveryConfirmed, delivery.getDeliveryStatus());
            assertEquals("kim", delivery.getCustomerId());
            assertEquals("V1-SN-2", delivery.getEqpSernum());
            assertEquals(7L, delivery.getShopId());
            assertEquals("OrderPlaced",
                    em.find(ProcessedEvent.class, "00000000-0000-4000-8000-000000000041").getEventType());
            em.close();
        }
    }
}
