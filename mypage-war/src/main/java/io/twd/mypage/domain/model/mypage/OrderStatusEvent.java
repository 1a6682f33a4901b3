package io.twd.mypage.domain.model.mypage;

import java.time.Instant;

/**
 * What the read model takes from an order-status event (a tolerant reading of
 * docs/events.md): fields other than the envelope may be null when an event lacks them.
 *
 * @param eventId    the event's id (UUID text)
 * @param eventType  {@code Ordered}, {@code OrderCancelled}, {@code DeliveryStarted} or {@code DeliveryCancelled}
 * @param occurredAt when it happened (UTC)
 * @param orderId    the order, positive
 * @param customerId the customer, or null
 * @param shopId     the shop, or null
 * @param eqpNm      the phone model, or null
 * @param eqpSernum  the phone's serial number, or null
 * @param deliveryId the delivery, or null
 */
public record OrderStatusEvent(String eventId, String eventType, Instant occurredAt, long orderId, String customerId,
                               Long shopId, String eqpNm, String eqpSernum, Long deliveryId) {
}
