package io.twd.order.domain.model.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twd.platform.domain.UnsupportedStateTransitionException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The order's state machine: every allowed and every refused transition. */
class OrderTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final Instant T1 = T0.plusSeconds(1);
    private static final Instant T2 = T0.plusSeconds(2);

    private static Order placed() {
        Order o = Order.place("c-1", "kim@example.com", 1, "galaxy_s21", "SN1", T0);
        try {
            // as persisting it would
            var id = Order.class.getDeclaredField("id");
            id.setAccessible(true);
            id.set(o, 42L);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
        return o;
    }

    private static Order ordered() {
        Order o = placed();
        o.confirm(7, T1);
        return o;
    }

    private static Order shipped() {
        Order o = ordered();
        o.deliveryStarted(T2);
        return o;
    }

    private static Order cancelled() {
        Order o = ordered();
        o.cancel(T2);
        return o;
    }

    @Test
    void aPlacedOrderHoldsThePhone() {
        Order o = placed();
        assertEquals(OrderStatus.Ordered, o.getOrderStatus());
        assertEquals("1/SN1", o.getActivePhoneKey());
        assertNull(o.getDeliveryId());
    }

    @Test
    void confirmRecordsTheDeliveryAndAnnouncesTheOrder() {
        Order o = placed();
        Ordered event = o.confirm(7, T1);
        assertEquals(7L, o.getDeliveryId());
        assertEquals(T1, o.getOrderedAt());
        assertEquals("Ordered", event.eventType());
        assertEquals(42, event.orderId());
        assertEquals("42", event.correlationId());
        assertEquals(7, event.deliveryId());
        assertEquals("c-1", event.customerId());
        assertEquals("kim@example.com", event.customerEmail());
        assertEquals(1, event.shopId());
        assertEquals("galaxy_s21", event.eqpNm());
        assertEquals("SN1", event.eqpSernum());
        assertEquals(OrderStatus.Ordered, event.orderStatus());
    }

    @Test
    void confirmIsRefusedTwiceOrAfterTheOrderMoved() {
        assertThrows(UnsupportedStateTransitionException.class, () -> ordered().confirm(8, T2));
        assertThrows(UnsupportedStateTransitionException.class, () -> shipped().confirm(8, T2));
        assertThrows(UnsupportedStateTransitionException.class, () -> cancelled().confirm(8, T2));
        assertThrows(IllegalArgumentException.class, () -> placed().confirm(0, T2));
    }

    @Test
    void cancelFreesThePhoneOnceAndIsIdempotent() {
        Order o = ordered();
        OrderCancelled event = o.cancel(T2).orElseThrow();
        assertEquals(OrderStatus.OrderCancelled, o.getOrderStatus());
        assertNull(o.getActivePhoneKey());
        assertEquals("OrderCancelled", event.eventType());
        assertEquals(OrderStatus.OrderCancelled, event.orderStatus());
        assertEquals(7, event.deliveryId());
        assertEquals("c-1", event.customerId());
        assertTrue(o.cancel(T2).isEmpty());
        assertTrue(o.deliveryCancelled(T2).isEmpty());
    }

    @Test
    void cancelAfterShippingIsRefused() {
        Order o = shipped();
        assertThrows(UnsupportedStateTransitionException.class, o::checkCancellable);
        assertThrows(UnsupportedStateTransitionException.class, () -> o.cancel(T2));
        assertThrows(UnsupportedStateTransitionException.class, () -> o.deliveryCancelled(T2));
        assertEquals(OrderStatus.DeliveryStarted, o.getOrderStatus());
        assertEquals("1/SN1", o.getActivePhoneKey());
    }

    @Test
    void deliveryStartedShipsOnceAndNeverACancelledOrder() {
        Order o = ordered();
        assertTrue(o.deliveryStarted(T2));
        assertEquals(OrderStatus.DeliveryStarted, o.getOrderStatus());
        assertFalse(o.deliveryStarted(T2), "a redelivered event changes nothing");
        Order c = cancelled();
        assertThrows(UnsupportedStateTransitionException.class, () -> c.deliveryStarted(T2));
        assertEquals(OrderStatus.OrderCancelled, c.getOrderStatus());
    }

    @Test
    void deliveryCancelledCompletesACancellation() {
        Order o = ordered();
        assertTrue(o.deliveryCancelled(T2).isPresent());
        assertEquals(OrderStatus.OrderCancelled, o.getOrderStatus());
    }

    @Test
    void anUnsavedOrderCannotBeConfirmed() {
        Order unsaved = Order.place("c", null, 1, "m", "s", T0);
        assertThrows(IllegalStateException.class, () -> unsaved.confirm(7, T1));
    }

    @Test
    void anOrderNeedsAShopAPhoneAndACustomer() {
        assertThrows(IllegalArgumentException.class, () -> Order.place("c", null, 0, "m", "s", T0));
        assertThrows(IllegalArgumentException.class, () -> Order.place(" ", null, 1, "m", "s", T0));
        assertThrows(IllegalArgumentException.class, () -> Order.place("c", null, 1, "", "s", T0));
        assertThrows(IllegalArgumentException.class, () -> Order.place("c", null, 1, "m", null, T0));
    }
}
