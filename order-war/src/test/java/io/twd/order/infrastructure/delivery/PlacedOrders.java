package io.twd.order.infrastructure.delivery;

import io.twd.order.domain.model.order.Order;
import java.lang.reflect.Field;
import java.time.Instant;

/** Orders as the order service has them once persisted (with their id), for the adapters' tests. */
final class PlacedOrders {

    private PlacedOrders() {
    }

    /**
     * @param id       the order's id
     * @param customer its customer
     * @return kim's order of phone S21-0001 (galaxy_s21) at shop 7, with that id and customer
     */
    static Order of(long id, String customer) {
        Order order = Order.place(customer, customer + "@example.com", 7, "galaxy_s21", "S21-0001",
                Instant.parse("2026-12-01T09:30:00Z"));
        try {
            Field field = Order.class.getDeclaredField("id");
            field.setAccessible(true);
            field.set(order, id);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
        return order;
    }
}
