package io.twd.message.infrastructure.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.twd.message.domain.model.notification.Channel;
import io.twd.message.domain.model.notification.Notification;
import io.twd.message.domain.model.notification.NotificationStatus;
import io.twd.message.domain.model.notification.NotificationText;
import io.twd.platform.infrastructure.messaging.ProcessedEvent;
import io.twd.platform.testing.SchemaUpgrade;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The message service's migrations ({@code db/migration/common} and {@code /derby}) keep what a server of schema
 * version 1 wrote ({@code db/fixture/schema-v1-data.sql}): after the newest migration its
 * persistence unit reads every row back through its entities.
 */
class SchemaUpgradeTest {

    @Test
    void whatVersion1WroteIsReadUnderTheNewestSchema() {
        try (var db = SchemaUpgrade.derbyInMemory("message-upgrade")) {
            db.migrateTo("1").run("db/fixture/schema-v1-data.sql");

            db.migrateToNewest();

            assertEquals(List.of(), db.identityColumns(), "ids from sequences, not identity columns");

            var em = db.persistenceUnit("message").createEntityManager();
            Notification sent = em.find(Notification.class, 1L);
            assertEquals("00000000-0000-4000-8000-000000000041", sent.getEventId());
            assertEquals(41L, sent.getOrderId());
            assertEquals(Channel.EMAIL, sent.getChannel());
            assertEquals(NotificationStatus.SENT, sent.getStatus());
            assertEquals(1, sent.getAttempts());
            assertEquals("Your order 41 for iPhone 17 is placed.", sent.getText());
            assertNotNull(sent.getSentAt());
            assertEquals("OrderPlaced",
                    em.find(ProcessedEvent.class, "00000000-0000-4000-8000-000000000041").getEventType());

            em.getTransaction().begin();
            Notification next = Notification.record("00000000-0000-4000-8000-000000000042", "DeliveryStarted",
                    Instant.now(), 41, "kim", "kim@example.com", new NotificationText("Order 41 shipped", "Shipped."),
                    Instant.now());
            em.persist(next);
            em.getTransaction().commit();
            assertEquals(2L, next.getId(), "ids go on after those version 1 gave");
            em.close();
        }
    }
}
