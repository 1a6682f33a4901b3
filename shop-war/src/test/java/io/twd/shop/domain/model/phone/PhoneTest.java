package io.twd.shop.domain.model.phone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twd.platform.domain.UnsupportedStateTransitionException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The phone's status transitions and their convergence under any event order. */
class PhoneTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private static Phone phone() {
        return Phone.register(1, "galaxy_s21", "SN1", T0);
    }

    @Test
    void reserveReleaseAndShip() {
        Phone phone = phone();
        EqpStatusChanged reserved = phone.reserve(42, T0.plusSeconds(1));
        assertEquals(EqpStatus.Ordered, phone.getEqpStatus());
        assertEquals(42L, phone.getOrderId());
        assertEquals(EqpStatus.Ordered, reserved.eqpStatus());
        assertEquals(42L, reserved.orderId());
        assertEquals("EqpStatusChanged", reserved.eventType());
        assertEquals("1/SN1", reserved.correlationId());

        EqpStatusChanged released = phone.release(42, T0.plusSeconds(2));
        assertEquals(EqpStatus.OrderAvailable, phone.getEqpStatus());
        assertNull(phone.getOrderId());
        assertNull(released.orderId());
        assertEquals(T0.plusSeconds(2), phone.getUpdatedAt());

        phone.reserve(43, T0.plusSeconds(3));
        EqpStatusChanged shipped = phone.ship(43, T0.plusSeconds(4));
        assertEquals(EqpStatus.Shipped, shipped.eqpStatus());
        assertEquals(43L, phone.getOrderId());
    }

    @Test
    void refusedTransitions() {
        Phone phone = phone();
        assertThrows(UnsupportedStateTransitionException.class, () -> phone.release(42, T0));
        phone.reserve(42, T0);
        assertThrows(UnsupportedStateTransitionException.class, () -> phone.reserve(43, T0));
        assertThrows(UnsupportedStateTransitionException.class, () -> phone.release(43, T0));
        phone.ship(42, T0);
        assertThrows(UnsupportedStateTransitionException.class, () -> phone.ship(42, T0));
        assertThrows(UnsupportedStateTransitionException.class, () -> phone.release(42, T0));
        assertThrows(UnsupportedStateTransitionException.class, () -> phone.reserve(44, T0));
    }

    @Test
    void registrationNeedsAPositiveShopAndAModelAndSerialNumber() {
        assertThrows(IllegalArgumentException.class, () -> Phone.register(0, "galaxy_s21", "SN1", T0));
        assertThrows(IllegalArgumentException.class, () -> Phone.register(-1, "galaxy_s21", "SN1", T0));
        assertThrows(IllegalArgumentException.class, () -> Phone.register(1, " ", "SN1", T0));
        assertThrows(IllegalArgumentException.class, () -> Phone.register(1, "galaxy_s21", "", T0));
        Phone phone = Phone.register(1, "galaxy_s21", "SN1", T0);
        assertEquals("galaxy_s21", phone.getEqpNm());
        assertEquals(EqpStatus.OrderAvailable, phone.getEqpStatus());
    }

    @Test
    void followReturnsTheTransitionsItMade() {
        Phone phone = phone();
        PhoneOrder first = new PhoneOrder(42, 1, "SN1", OrderStage.Ordered, T0);
        assertEquals(List.of("Ordered/42"), statuses(phone.follow(List.of(first), T0)));
        assertEquals(List.of(), statuses(phone.follow(List.of(first), T0)), "already there");

        first.advance(OrderStage.Cancelled, T0.plusSeconds(1));
        PhoneOrder second = new PhoneOrder(43, 1, "SN1", OrderStage.Ordered, T0.plusSeconds(2));
        assertEquals(List.of("OrderAvailable/null", "Ordered/43"),
                statuses(phone.follow(List.of(first, second), T0.plusSeconds(2))), "from one order to the next");

        second.advance(OrderStage.Shipped, T0.plusSeconds(3));
        assertEquals(List.of("Shipped/43"), statuses(phone.follow(List.of(first, second), T0.plusSeconds(3))));
        assertEquals(List.of(), statuses(phone.follow(List.of(first, second), T0.plusSeconds(4))), "shipped is final");
    }

    private static List<String> statuses(List<EqpStatusChanged> changes) {
        return changes.stream().map(c -> c.eqpStatus() + "/" + c.orderId()).toList();
    }

    @Test
    void shipsEvenIfOrderedHasNotArrived() {
        Phone phone = phone();
        phone.ship(42, T0);
        assertEquals(EqpStatus.Shipped, phone.getEqpStatus());
        assertEquals(42L, phone.getOrderId());
    }

    private record Event(long order, OrderStage stage, Instant at) {
    }

    /** Applies the events in the given order as the policy does, returns (status, orderId). */
    private static String replay(List<Event> events) {
        Phone phone = phone();
        Map<Long, PhoneOrder> orders = new TreeMap<>();
        for (Event e : events) {
            PhoneOrder known = orders.get(e.order());
            if (known == null) {
                orders.put(e.order(), new PhoneOrder(e.order(), 1, "SN1", e.stage(), e.at()));
            } else {
                known.advance(e.stage(), e.at());
            }
            phone.follow(orders.values(), e.at());
        }
        return phone.getEqpStatus() + "/" + phone.getOrderId();
    }

    private static void assertConvergesInEveryOrder(List<Event> events, String expected) {
        List<List<Event>> permutations = new ArrayList<>();
        permute(new ArrayList<>(events), 0, permutations);
        for (List<Event> order : permutations) {
            assertEquals(expected, replay(order), () -> "arrival order " + order);
        }
    }

    private static void permute(List<Event> list, int k, List<List<Event>> out) {
        if (k == list.size()) {
            out.add(List.copyOf(list));
            return;
        }
        for (int i = k; i < list.size(); i++) {
            Collections.swap(list, k, i);
            permute(list, k + 1, out);
            Collections.swap(list, k, i);
        }
    }

    @Test
    void orderThenCancelConvergesToAvailable() {
        assertConvergesInEveryOrder(List.of(
                new Event(42, OrderStage.Ordered, T0),
                new Event(42, OrderStage.Cancelled, T0.plusSeconds(5))), "OrderAvailable/null");
    }

    @Test
    void orderThenShipConvergesToShipped() {
        assertConvergesInEveryOrder(List.of(
                new Event(42, OrderStage.Ordered, T0),
                new Event(42, OrderStage.Shipped, T0.plusSeconds(5))), "Shipped/42");
    }

    @Test
    void cancelledOrderThenNewOrderConvergesToTheNewOrder() {
        assertConvergesInEveryOrder(List.of(
                new Event(42, OrderStage.Ordered, T0),
                new Event(42, OrderStage.Cancelled, T0.plusSeconds(5)),
                new Event(43, OrderStage.Ordered, T0.plusSeconds(10))), "Ordered/43");
    }

    @Test
    void cancelledOrderThenNewOrderShippedConvergesToShipped() {
        assertConvergesInEveryOrder(List.of(
                new Event(42, OrderStage.Ordered, T0),
                new Event(42, OrderStage.Cancelled, T0.plusSeconds(5)),
                new Event(43, OrderStage.Ordered, T0.plusSeconds(10)),
                new Event(43, OrderStage.Shipped, T0.plusSeconds(20))), "Shipped/43");
    }

    @Test
    void duplicateEventsChangeNothingMore() {
        assertTrue(replay(List.of(
                new Event(42, OrderStage.Ordered, T0),
                new Event(42, OrderStage.Ordered, T0),
                new Event(42, OrderStage.Cancelled, T0.plusSeconds(1)),
                new Event(42, OrderStage.Ordered, T0))).equals("OrderAvailable/null"));
    }
}
