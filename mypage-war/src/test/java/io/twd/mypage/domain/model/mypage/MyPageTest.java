package io.twd.mypage.domain.model.mypage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The read model's entry converges whatever order its events arrive in. */
class MyPageTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private static OrderStatusEvent event(String id, String type, int second, Long deliveryId) {
        return new OrderStatusEvent(id, type, T0.plusSeconds(second), 42, "kim", 1L, "galaxy_s21", "SN1", deliveryId);
    }

    private static String replay(List<OrderStatusEvent> events) {
        MyPage page = MyPage.startedBy(events.get(0));
        events.subList(1, events.size()).forEach(page::apply);
        return page.getStatus() + "|" + page.getOrderStatus() + "|" + page.getDeliveryStatus() + "|"
                + page.getDeliveryId() + "|" + page.getHistory() + "|" + page.getUpdatedAt() + "|"
                + page.getCustomerId() + "|" + page.getShopId() + "|" + page.getEqpNm() + "|" + page.getEqpSernum();
    }

    private static void assertConverges(List<OrderStatusEvent> events, String expectedStatus) {
        List<List<OrderStatusEvent>> orders = new ArrayList<>();
        permute(new ArrayList<>(events), 0, orders);
        String first = replay(events);
        assertEquals(expectedStatus, first.substring(0, first.indexOf('|')));
        for (List<OrderStatusEvent> order : orders) {
            assertEquals(first, replay(order), () -> "arrival order " + order);
        }
    }

    private static void permute(List<OrderStatusEvent> list, int k, List<List<OrderStatusEvent>> out) {
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
    void orderedThenShipped() {
        assertConverges(List.of(event("e1", "Ordered", 0, 17L), event("e2", "DeliveryStarted", 60, 17L)),
                "DeliveryStarted");
    }

    @Test
    void orderedThenCancelledWithItsDelivery() {
        assertConverges(List.of(event("e1", "Ordered", 0, 17L), event("e2", "OrderCancelled", 60, 17L),
                event("e3", "DeliveryCancelled", 61, 17L)), "DeliveryCancelled");
    }

    @Test
    void statusesAndHistory() {
        MyPage page = MyPage.startedBy(event("e2", "DeliveryStarted", 60, 17L));
        assertNull(page.getOrderStatus());
        assertEquals("DeliveryStarted", page.getDeliveryStatus());
        assertTrue(page.apply(event("e1", "Ordered", 0, null)), "a new event is applied");
        assertEquals("Ordered", page.getOrderStatus());
        assertEquals("DeliveryStarted", page.getStatus());
        assertEquals(List.of("Ordered", "DeliveryStarted"),
                page.getHistory().stream().map(StatusChange::getStatus).toList());
        assertEquals(T0.plusSeconds(60), page.getUpdatedAt());
        assertEquals(17L, page.getDeliveryId());
        assertFalse(page.apply(event("e1", "Ordered", 0, null)));
        assertEquals(2, page.getHistory().size());
    }

    @Test
    void refusesOtherEvents() {
        MyPage page = MyPage.startedBy(event("e1", "Ordered", 0, 17L));
        assertThrows(IllegalArgumentException.class, () -> page.apply(event("e9", "EqpRegistered", 1, null)));
        assertThrows(IllegalArgumentException.class, () -> page.apply(
                new OrderStatusEvent("e8", "OrderCancelled", T0, 43, null, null, null, null, null)));
    }
}
