package io.twd.delivery.interfaces.rest;

import io.twd.delivery.domain.model.delivery.Delivery;
import io.twd.delivery.domain.model.delivery.DeliveryStatus;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;

/**
 * A delivery as the REST API shows it.
 *
 * @param id             the delivery's id ({@code deliveryId} in events)
 * @param orderId        the order it delivers
 * @param customerId     the customer's id
 * @param customerEmail  the customer's contact e-mail; absent if none was given
 * @param shopId         the dealer shop
 * @param eqpNm          the phone's model name
 * @param eqpSernum      the phone's serial number
 * @param deliveryStatus {@code DeliveryRequested}, {@code DeliveryConfirmed}, {@code DeliveryStarted},
 *                       {@code DeliveryCancelled} or {@code DeliveryDiscarded}
 * @param requestedAt    when it was opened (ISO-8601, UTC)
 * @param updatedAt      when it last changed (ISO-8601, UTC)
 */
@JsonbPropertyOrder({"id", "orderId", "customerId", "customerEmail", "shopId", "eqpNm", "eqpSernum",
        "deliveryStatus", "requestedAt", "updatedAt"})
public record DeliveryResponse(long id, long orderId, String customerId, String customerEmail, long shopId,
                               String eqpNm, String eqpSernum, DeliveryStatus deliveryStatus, Instant requestedAt,
                               Instant updatedAt) {

    /**
     * @param d a persisted delivery
     * @return its REST representation
     */
    public static DeliveryResponse of(Delivery d) {
        return new DeliveryResponse(d.getId(), d.getOrderId(), d.getCustomerId(), d.getCustomerEmail(), d.getShopId(),
                d.getEqpNm(), d.getEqpSernum(), d.getDeliveryStatus(), d.getRequestedAt(), d.getUpdatedAt());
    }
}
