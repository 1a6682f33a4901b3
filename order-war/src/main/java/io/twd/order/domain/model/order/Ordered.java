package io.twd.order.domain.model.order;

import io.twd.platform.domain.DomainEvent;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.UUID;

/**
 * Domain event: an order was placed and committed, with its delivery opened (docs/events.md).
 * Published on {@code order.events}; correlation id = {@code orderId}.
 *
 * @param eventId       unique id of this event
 * @param eventType     always {@value #TYPE}
 * @param occurredAt    when the order was placed (UTC)
 * @param orderId       the order's id (correlation key)
 * @param customerId    the customer's id
 * @param customerEmail the customer's contact e-mail; absent from the JSON when the customer gave none
 * @param shopId        the dealer shop
 * @param eqpNm         the phone's model name
 * @param eqpSernum     the phone's serial number
 * @param deliveryId    the delivery opened for it
 * @param orderStatus   always {@link OrderStatus#Ordered}
 */
@JsonbPropertyOrder({"eventId", "eventType", "occurredAt", "orderId", "customerId", "customerEmail", "shopId",
        "eqpNm", "eqpSernum", "deliveryId", "orderStatus"})
public record Ordered(UUID eventId, String eventType, Instant occurredAt, long orderId, String customerId,
                      String customerEmail, long shopId, String eqpNm, String eqpSernum, long deliveryId,
                      OrderStatus orderStatus) implements DomainEvent {

    /** The event type name. */
    public static final String TYPE = "Ordered";

    static Ordered of(Order o, Instant now) {
        return new Ordered(UUID.randomUUID(), TYPE, now, o.getId(), o.getCustomerId(), o.getCustomerEmail(),
                o.getShopId(), o.getEqpNm(), o.getEqpSernum(), o.getDeliveryId(), OrderStatus.Ordered);
    }

    /** @return the order id, as text */
    @Override
    public String correlationId() {
        return Long.toString(orderId);
    }
}
