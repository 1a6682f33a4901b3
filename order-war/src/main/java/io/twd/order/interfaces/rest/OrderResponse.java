package io.twd.order.interfaces.rest;

import io.twd.order.domain.model.order.Order;
import io.twd.order.domain.model.order.OrderStatus;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;

/**
 * An order as the REST API shows it.
 *
 * @param id            the order's id ({@code orderId} in events)
 * @param customerId    the customer
 * @param customerEmail the customer's contact e-mail; absent if none was given
 * @param shopId        the dealer shop
 * @param eqpNm         the phone's model name
 * @param eqpSernum     the phone's serial number
 * @param deliveryId    the order's delivery
 * @param orderStatus   {@code Ordered}, {@code DeliveryStarted} or {@code OrderCancelled}
 * @param orderedAt     when it was placed (ISO-8601, UTC)
 * @param updatedAt     when it last changed (ISO-8601, UTC)
 */
@JsonbPropertyOrder({"id", "customerId", "customerEmail", "shopId", "eqpNm", "eqpSernum", "deliveryId",
        "orderStatus", "orderedAt", "updatedAt"})
public record OrderResponse(long id, String customerId, String customerEmail, long shopId, String eqpNm,
                            String eqpSernum, Long deliveryId, OrderStatus orderStatus, Instant orderedAt,
                            Instant updatedAt) {

    /**
     * @param o a persisted order
     * @return its current REST representation
     */
    public static OrderResponse of(Order o) {
        return new OrderResponse(o.getId(), o.getCustomerId(), o.getCustomerEmail(), o.getShopId(), o.getEqpNm(),
                o.getEqpSernum(), o.getDeliveryId(), o.getOrderStatus(), o.getOrderedAt(), o.getUpdatedAt());
    }

    /**
     * @param o a persisted order
     * @return the representation {@code POST /orders} answered when it was placed, whatever it is now
     *     (for a retried request with the same {@code Idempotency-Key})
     */
    public static OrderResponse asPlaced(Order o) {
        return new OrderResponse(o.getId(), o.getCustomerId(), o.getCustomerEmail(), o.getShopId(), o.getEqpNm(),
                o.getEqpSernum(), o.getDeliveryId(), OrderStatus.Ordered, o.getOrderedAt(), o.getOrderedAt());
    }
}
