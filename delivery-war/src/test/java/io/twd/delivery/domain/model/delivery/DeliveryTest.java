package io.twd.delivery.domain.model.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twd.platform.domain.UnsupportedStateTransitionException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The delivery's state machine: every allowed and every refused transition. */
class DeliveryTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final Instant T1 = T0.plusSeconds(5);
    private static final DeliveryOrder ORDER = new DeliveryOrder(42, "c-1", "kim@example.com", 1, "galaxy_s21", "SN1");

    private static Delivery requested() {
        Delivery d = Delivery.request(ORDER, T0);
        try {
            // as persisting it would
            var id = Delivery.class.getDeclaredField("id");
            id.setAccessible(true);
            id.set(d, 9L);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
        return d;
    }

    private static Delivery confirmed() {
        Delivery d = requested();
        d.confirm(T1);
        return d;
    }

    private static Delivery started() {
        Delivery d = confirmed();
        d.start(T1);
        return d;
    }

    private static Delivery cancelled() {
        Delivery d = confirmed();
        d.cancel(T1);
        return d;
    }

    private static Delivery discarded() {
        Delivery d = requested();
        d.discard(T1);
        return d;
    }

    @Test
    void aDeliveryIsForItsOwnOrderCustomerShopAndPhoneOnly() {
        Delivery d = requested();
        assertTrue(d.isFor(ORDER));
        assertTrue(d.isFor(new DeliveryOrder(42, "c-1", "another@example.com", 1, "galaxy_s21", "SN1")),
                "the e-mail is contact data, not identity");
        assertFalse(d.isFor(new DeliveryOrder(43, "c-1", "kim@example.com", 1, "galaxy_s21", "SN1")));
        assertFalse(d.isFor(new DeliveryOrder(42, "c-2", "kim@example.com", 1, "galaxy_s21", "SN1")));
        assertFalse(d.isFor(new DeliveryOrder(42, "c-1", "kim@example.com", 2, "galaxy_s21", "SN1")));
        assertFalse(d.isFor(new DeliveryOrder(42, "c-1", "kim@example.com", 1, "galaxy_s22", "SN1")));
        assertFalse(d.isFor(new DeliveryOrder(42, "c-1", "kim@example.com", 1, "galaxy_s21", "SN2")));
    }

    @Test
    void aRequestIsNotShippableUntilItsOrderIsConfirmed() {
        Delivery d = requested();
        assertEquals(DeliveryStatus.DeliveryRequested, d.getDeliveryStatus());
        assertEquals(42, d.getOrderId());
        assertEquals(1, d.getShopId());
        assertEquals("galaxy_s21", d.getEqpNm());
        assertEquals("SN1", d.getEqpSernum());
        assertEquals(T0, d.getRequestedAt());
        assertThrows(UnsupportedStateTransitionException.class, () -> d.start(T1));
        assertEquals(DeliveryStatus.DeliveryRequested, d.getDeliveryStatus());
    }

    @Test
    void confirmedDeliveryShipsAndTellsWhoAndWhat() {
        Delivery d = confirmed();
        assertEquals(DeliveryStatus.DeliveryConfirmed, d.getDeliveryStatus());
        DeliveryStarted event = d.start(T1);
        assertEquals(DeliveryStatus.DeliveryStarted, d.getDeliveryStatus());
        assertEquals("DeliveryStarted", event.eventType());
        assertEquals(42, event.orderId());
        assertEquals(9, event.deliveryId());
        assertEquals("42", event.correlationId());
        assertEquals("c-1", event.customerId());
        assertEquals("kim@example.com", event.customerEmail());
        assertEquals("SN1", event.eqpSernum());
        assertEquals(DeliveryStatus.DeliveryStarted, event.deliveryStatus());
        assertEquals(T1, d.getUpdatedAt());
    }

    @Test
    void confirmIsTolerantOfRedeliveredAndLateEvents() {
        assertFalse(confirmed().confirm(T1));
        Delivery s = started();
        assertFalse(s.confirm(T1));
        assertEquals(DeliveryStatus.DeliveryStarted, s.getDeliveryStatus());
        Delivery c = cancelled();
        assertFalse(c.confirm(T1));
        assertEquals(DeliveryStatus.DeliveryCancelled, c.getDeliveryStatus());
        Delivery revived = discarded();
        assertTrue(revived.confirm(T1), "a discarded request whose order did commit is revived");
        assertEquals(DeliveryStatus.DeliveryConfirmed, revived.getDeliveryStatus());
        assertEquals(DeliveryStatus.DeliveryConfirmed, Delivery.confirmedFor(ORDER, T0).getDeliveryStatus());
    }

    @Test
    void startIsRefusedInEveryOtherState() {
        for (Delivery d : new Delivery[] {requested(), started(), cancelled(), discarded()}) {
            DeliveryStatus before = d.getDeliveryStatus();
            assertThrows(UnsupportedStateTransitionException.class, () -> d.start(T1), before.name());
            assertEquals(before, d.getDeliveryStatus());
        }
    }

    @Test
    void cancelBeforeShippingPublishesOnceAndIsIdempotent() {
        for (Delivery d : new Delivery[] {requested(), confirmed(), discarded()}) {
            DeliveryCancelled event = d.cancel(T1).orElseThrow();
            assertEquals("DeliveryCancelled", event.eventType());
            assertEquals(DeliveryStatus.DeliveryCancelled, event.deliveryStatus());
            assertEquals(DeliveryStatus.DeliveryCancelled, d.getDeliveryStatus());
            assertTrue(d.cancel(T1).isEmpty(), "second cancel publishes nothing");
        }
    }

    @Test
    void cancelAfterShippingIsRefused() {
        Delivery d = started();
        assertThrows(UnsupportedStateTransitionException.class, () -> d.cancel(T1));
        assertEquals(DeliveryStatus.DeliveryStarted, d.getDeliveryStatus());
    }

    @Test
    void discardOnlyAppliesToUnconfirmedRequests() {
        Delivery d = requested();
        d.discard(T1);
        assertEquals(DeliveryStatus.DeliveryDiscarded, d.getDeliveryStatus());
        d.discard(T1);
        assertEquals(DeliveryStatus.DeliveryDiscarded, d.getDeliveryStatus());
        for (Delivery other : new Delivery[] {confirmed(), started(), cancelled()}) {
            DeliveryStatus before = other.getDeliveryStatus();
            assertThrows(UnsupportedStateTransitionException.class, () -> other.discard(T1), before.name());
            assertEquals(before, other.getDeliveryStatus());
        }
    }

    @Test
    void onlyUnconfirmedRequestsOlderThanTheTtlExpire() {
        Duration ttl = Duration.ofMinutes(10);
        assertFalse(requested().isExpired(T0.plus(ttl), ttl));
        assertTrue(requested().isExpired(T0.plus(ttl).plusMillis(1), ttl));
        assertFalse(confirmed().isExpired(T0.plus(Duration.ofDays(1)), ttl));
        assertFalse(discarded().isExpired(T0.plus(Duration.ofDays(1)), ttl));
    }

    @Test
    void anOrderNeedsIdsAndNames() {
        assertThrows(IllegalArgumentException.class, () -> new DeliveryOrder(0, "c", null, 1, "m", "s"));
        assertThrows(IllegalArgumentException.class, () -> new DeliveryOrder(1, "c", null, 0, "m", "s"));
        assertThrows(IllegalArgumentException.class, () -> new DeliveryOrder(1, " ", null, 1, "m", "s"));
        assertThrows(NullPointerException.class, () -> new DeliveryOrder(1, "c", null, 1, null, "s"));
    }
}
