package io.twd.message.application;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.twd.message.domain.model.notification.Notification;
import io.twd.message.domain.model.notification.NotificationRepository;
import io.twd.message.domain.model.notification.NotificationText;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The notification sender's backlog, as the gauge {@code notifications_waiting} reads it. */
class NotificationOutboxTest {

    @Test
    void theNotificationsWaitingAreThePendingOnesOfEveryOrderAndCustomer() {
        NotificationRepository store = new InMemoryNotifications().repository();
        Instant now = Instant.parse("2026-12-08T02:00:00Z");
        NotificationText text = new NotificationText("Order placed", "Your order was placed.");
        store.add(Notification.record(UUID.randomUUID().toString(), "Ordered", now, 1, "kim", "kim@example.com", text, now));
        store.add(Notification.record(UUID.randomUUID().toString(), "Ordered", now, 2, "lee", "lee@example.com", text, now));
        store.add(Notification.record(UUID.randomUUID().toString(), "Ordered", now, 3, "park", null, text, now));
        Notification sent = Notification.record(UUID.randomUUID().toString(), "Ordered", now, 4, "kim", "kim@example.com", text, now);
        sent.sent(now);
        store.add(sent);
        NotificationOutbox outbox = new NotificationOutbox();
        outbox.notifications = store;

        assertEquals(2, outbox.waiting(), "two pending, whoever's; one skipped and one sent do not wait");
    }
}
