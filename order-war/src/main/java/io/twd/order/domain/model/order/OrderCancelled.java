package io.twd.order.domain.model.order;

import io.twd.platform.domain.DomainEvent;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.UUID;

/**
 * Domain event: an order was cancelled before its phone shipped; the phone is free again (docs/events.md).
 * Published on {@code order.events}; correlation id = {@code orderId}.
 *
 * @param eventId       unique id of this event
 * @param eventType     always {@value #TYPE}
 * @param occurredAt    when it was cancelled (UTC)
 * @param orderId       the order's id (correlation key)
 * @param customerId    the customer's id
 * @param customerEmail the customer's contact e-mail; absent from the JSON when the customer gave none
 * @param shopId        the dealer shop
 * @param eqpNm         the phone's model name
 * @param eqpSernum     the phone's serial number
 * @param deliveryId    its (cancelled) delivery
 * @param orderStatus   always {@link OrderStatus#OrderCancelled}
 */
@JsonbPropertyOrder({"eventId", "eventType", "occurredAt", "orderId", "customerId", "customerEmail", "shopId",
        "eqpNm", "eqpSernum", "deliveryId", "orderStatus"})
public record OrderCancelled(UUID eventId, String eventType, Instant occurredAt, long orderId, String customerId,
                      String customerEmail, long shopId, String eqpNm, String eqpSernum, long deliveryId,
                      OrderStatus orderStatus) implements DomainEvent {

    /** The event type name. */
    public static final String TYPE = "OrderCancelled";

    static OrderCancelled of(Order o, Instant now) {
        return new OrderCancelled(UUID.randomUUID(), TYPE, now, o.getId(), o.getCustomerId(), o.getCustomerEmail(),
                o.getShopId(), o.getEqpNm(), o.getEqpSernum(), o.getDeliveryId(), OrderStatus.OrderCancelled);
    }

    /** @return the order id, as text */
    @Override
    public String correlationId() {
        return Long.toString(orderId);
    }
}
