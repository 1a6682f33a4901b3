package io.twd.message.domain.model.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A notification's delivery states, backoff and texts. */
class NotificationTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private static Notification pending() {
        return Notification.record("e1", "Ordered", T0, 42, "kim", "kim@example.com",
                NotificationText.of("Ordered", 42, "galaxy_s21", 17L), T0);
    }

    /** As the sender's claim does in the database. */
    private static void claim(Notification n) throws ReflectiveOperationException {
        Field attempts = Notification.class.getDeclaredField("attempts");
        attempts.setAccessible(true);
        attempts.setInt(n, attempts.getInt(n) + 1);
    }

    @Test
    void pendingThenSent() throws Exception {
        Notification n = pending();
        assertEquals(NotificationStatus.PENDING, n.getStatus());
        assertEquals(T0, n.getNextAttemptAt());
        assertEquals(Channel.EMAIL, n.getChannel());
        claim(n);
        n.sent(T0.plusSeconds(1));
        assertEquals(NotificationStatus.SENT, n.getStatus());
        assertEquals(T0.plusSeconds(1), n.getSentAt());
        assertNull(n.getNextAttemptAt());
        assertThrows(IllegalStateException.class, () -> n.sent(T0));
        assertThrows(IllegalStateException.class, () -> n.attemptFailed(T0, 3, Duration.ofSeconds(2)),
                "a sent notification takes no failed attempt");
        assertEquals(NotificationStatus.SENT, n.getStatus());
    }

    @Test
    void retriesWithDoublingBackoffThenFails() throws Exception {
        Notification n = pending();
        Duration initial = Duration.ofSeconds(2);
        claim(n);
        n.attemptFailed(T0, 3, initial);
        assertEquals(NotificationStatus.PENDING, n.getStatus());
        assertEquals(T0.plusSeconds(2), n.getNextAttemptAt());
        assertEquals(Notification.SEND_FAILED, n.getLastError());
        claim(n);
        n.attemptFailed(T0, 3, initial);
        assertEquals(T0.plusSeconds(4), n.getNextAttemptAt());
        claim(n);
        n.attemptFailed(T0, 3, initial);
        assertEquals(NotificationStatus.FAILED, n.getStatus());
        assertEquals(3, n.getAttempts());
        assertEquals(Notification.GIVEN_UP, n.getLastError());
        assertNull(n.getNextAttemptAt());
    }

    @Test
    void withoutEmailIsSkipped() {
        Notification n = Notification.record("e1", "DeliveryStarted", T0, 42, "kim", null,
                NotificationText.of("DeliveryStarted", 42, null, 17L), T0);
        assertEquals(NotificationStatus.SKIPPED, n.getStatus());
        assertNull(n.getRecipient());
        assertNull(n.getNextAttemptAt());
        assertEquals("Your phone of order 42 is on its way (delivery 17). A shipped order can no longer be cancelled.",
                n.getText());
    }

    @Test
    void textPerEventType() {
        assertEquals("Order 42 placed", NotificationText.of("Ordered", 42, "x", null).subject());
        assertEquals("Order 42 cancelled", NotificationText.of("OrderCancelled", 42, "x", null).subject());
        assertEquals("Order 42 shipped", NotificationText.of("DeliveryStarted", 42, "x", null).subject());
        assertTrue(NotificationText.of("Ordered", 42, "galaxy_s21", null).body().contains("galaxy_s21"));
        assertTrue(NotificationText.of("OrderCancelled", 42, "galaxy_s21", 7L).body().contains("nothing will be shipped"));
        assertThrows(IllegalArgumentException.class, () -> NotificationText.of("DeliveryCancelled", 42, "x", null));
        assertThrows(IllegalArgumentException.class, () -> NotificationText.of("EqpRegistered", 42, "x", null));
    }
}
