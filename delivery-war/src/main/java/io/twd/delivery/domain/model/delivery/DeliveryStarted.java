package io.twd.delivery.domain.model.delivery;

import io.twd.platform.domain.DomainEvent;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.UUID;

/**
 * Domain event: shop staff shipped the phone of an order (docs/events.md). Published on
 * {@code delivery.events}; correlation id = {@code orderId}.
 *
 * @param eventId        unique id of this event
 * @param eventType      always {@value #TYPE}
 * @param occurredAt     when it was shipped (UTC)
 * @param deliveryId     the delivery's id
 * @param orderId        the order's id (correlation key)
 * @param customerId     the customer's id
 * @param customerEmail  the customer's contact e-mail; absent from the JSON when the customer gave none
 * @param shopId         the dealer shop
 * @param eqpNm          the phone's model name
 * @param eqpSernum      the phone's serial number
 * @param deliveryStatus always {@link DeliveryStatus#DeliveryStarted}
 */
@JsonbPropertyOrder({"eventId", "eventType", "occurredAt", "deliveryId", "orderId", "customerId", "customerEmail",
        "shopId", "eqpNm", "eqpSernum", "deliveryStatus"})
public record DeliveryStarted(UUID eventId, String eventType, Instant occurredAt, long deliveryId, long orderId,
                              String customerId, String customerEmail, long shopId, String eqpNm, String eqpSernum,
                              DeliveryStatus deliveryStatus) implements DomainEvent {

    /** The event type name. */
    public static final String TYPE = "DeliveryStarted";

    static DeliveryStarted of(Delivery d, Instant now) {
        return new DeliveryStarted(UUID.randomUUID(), TYPE, now, d.getId(), d.getOrderId(), d.getCustomerId(),
                d.getCustomerEmail(), d.getShopId(), d.getEqpNm(), d.getEqpSernum(), DeliveryStatus.DeliveryStarted);
    }

    /** @return the order id, as text */
    @Override
    public String correlationId() {
        return Long.toString(orderId);
    }
}
