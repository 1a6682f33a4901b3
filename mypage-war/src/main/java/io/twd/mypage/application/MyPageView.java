package io.twd.mypage.application;

import io.twd.mypage.domain.model.mypage.MyPage;
import io.twd.mypage.domain.model.mypage.StatusChange;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;

/**
 * A read-model entry as clients see it (REST and Server-Sent Events): a detached snapshot.
 *
 * @param orderId        the order
 * @param customerId     the customer (absent until an event carried it)
 * @param shopId         the shop
 * @param eqpNm          the phone model
 * @param eqpSernum      the phone's serial number
 * @param status         overall status: {@code Ordered}, {@code DeliveryStarted}, {@code OrderCancelled} or
 *                       {@code DeliveryCancelled}
 * @param orderStatus    {@code Ordered} or {@code OrderCancelled} (absent until an order event arrived)
 * @param deliveryId     the delivery
 * @param deliveryStatus {@code DeliveryStarted} or {@code DeliveryCancelled} (absent until a delivery event arrived)
 * @param history        the status changes, oldest first
 * @param updatedAt      the latest change's time (ISO-8601, UTC)
 */
@JsonbPropertyOrder({"orderId", "customerId", "shopId", "eqpNm", "eqpSernum", "status", "orderStatus", "deliveryId",
        "deliveryStatus", "history", "updatedAt"})
public record MyPageView(long orderId, String customerId, Long shopId, String eqpNm, String eqpSernum, String status,
                         String orderStatus, Long deliveryId, String deliveryStatus, List<Change> history,
                         Instant updatedAt) {

    /**
     * One entry of the history.
     *
     * @param status     the status reached (the event type)
     * @param occurredAt when (ISO-8601, UTC)
     * @param eventId    the event that reported it
     */
    @JsonbPropertyOrder({"status", "occurredAt", "eventId"})
    public record Change(String status, Instant occurredAt, String eventId) {
    }

    /**
     * @param page a managed or detached entry
     * @return its snapshot
     */
    public static MyPageView of(MyPage page) {
        List<Change> changes = page.getHistory().stream().sorted(StatusChange.CHRONOLOGICAL)
                .map(c -> new Change(c.getStatus(), c.getOccurredAt(), c.getEventId())).toList();
        return new MyPageView(page.getOrderId(), page.getCustomerId(), page.getShopId(), page.getEqpNm(),
                page.getEqpSernum(), page.getStatus(), page.getOrderStatus(), page.getDeliveryId(),
                page.getDeliveryStatus(), changes, page.getUpdatedAt());
    }
}
