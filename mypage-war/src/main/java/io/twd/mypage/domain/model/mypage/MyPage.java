package io.twd.mypage.domain.model.mypage;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The customer's view of one order and its delivery (CQRS read model, spec requirement 7),
 * built only from order and delivery events: the mypage service never calls another service
 * or reads another database.
 *
 * <p>It converges: every status is derived from the whole history, by precedence, not from the
 * last event to arrive ({@code OrderCancelled} and {@code DeliveryStarted} beat {@code Ordered};
 * {@code DeliveryCancelled} beats {@code DeliveryStarted}); the history is sorted by
 * {@code occurredAt}; {@code updatedAt} is the latest {@code occurredAt}; fields are filled from
 * whichever event carries them first. So the same events give the same entry in any order.
 */
@Entity
@Table(name = "mypage", indexes = @Index(name = "ix_mypage_customer", columnList = "customer_id"))
public class MyPage {

    /** Precedence of the order status (order events). */
    private static final Map<String, Integer> ORDER_RANK = Map.of("Ordered", 1, "OrderCancelled", 2);
    /** Precedence of the delivery status (delivery events). */
    private static final Map<String, Integer> DELIVERY_RANK = Map.of("DeliveryStarted", 1, "DeliveryCancelled", 2);
    /** Precedence of the overall status. */
    private static final Map<String, Integer> STATUS_RANK = Map.of("Ordered", 1, "DeliveryStarted", 2,
            "OrderCancelled", 3, "DeliveryCancelled", 3);

    @Id
    @Column(name = "order_id")
    private Long orderId;

    @Column(name = "customer_id", length = 100)
    private String customerId;

    @Column(name = "shop_id")
    private Long shopId;

    @Column(name = "eqp_nm", length = 100)
    private String eqpNm;

    @Column(name = "eqp_sernum", length = 64)
    private String eqpSernum;

    @Column(name = "status", length = 40)
    private String status;

    @Column(name = "order_status", length = 40)
    private String orderStatus;

    @Column(name = "delivery_id")
    private Long deliveryId;

    @Column(name = "delivery_status", length = 40)
    private String deliveryStatus;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "mypage_history", joinColumns = @JoinColumn(name = "order_id"))
    @OrderBy("occurredAt ASC")
    private List<StatusChange> history = new ArrayList<>();

    @Version
    private long version;

    /** For JPA only. */
    protected MyPage() {
    }

    private MyPage(long orderId) {
        this.orderId = orderId;
    }

    /**
     * Starts the entry of an order from its first received event.
     *
     * @param event the first event of the order to arrive (whichever it is)
     * @return the new entry with that event applied
     * @throws IllegalArgumentException if the event type is not an order-status event
     */
    public static MyPage startedBy(OrderStatusEvent event) {
        MyPage page = new MyPage(event.orderId());
        page.apply(event);
        return page;
    }

    /**
     * Applies an event of this order.
     *
     * @param event an order-status event of this order
     * @return false if this event (by id) was already applied, true otherwise
     * @throws IllegalArgumentException if the event type is not an order-status event or the order differs
     */
    public boolean apply(OrderStatusEvent event) {
        if (!STATUS_RANK.containsKey(event.eventType())) {
            throw new IllegalArgumentException("not an order-status event: " + event.eventType());
        }
        if (event.orderId() != orderId) {
            throw new IllegalArgumentException("event of order " + event.orderId() + " applied to " + orderId);
        }
        if (history.stream().anyMatch(c -> c.getEventId().equals(event.eventId()))) {
            return false;
        }
        history.add(new StatusChange(event.eventId(), event.eventType(), event.occurredAt()));
        history.sort(StatusChange.CHRONOLOGICAL);
        customerId = customerId != null ? customerId : event.customerId();
        shopId = shopId != null ? shopId : event.shopId();
        eqpNm = eqpNm != null ? eqpNm : event.eqpNm();
        eqpSernum = eqpSernum != null ? eqpSernum : event.eqpSernum();
        deliveryId = deliveryId != null ? deliveryId : event.deliveryId();
        orderStatus = highest(ORDER_RANK).orElse(null);
        deliveryStatus = highest(DELIVERY_RANK).orElse(null);
        status = highest(STATUS_RANK).orElseThrow();
        updatedAt = history.get(history.size() - 1).getOccurredAt();
        return true;
    }

    private Optional<String> highest(Map<String, Integer> rank) {
        return history.stream().filter(c -> rank.containsKey(c.getStatus()))
                .max(Comparator.<StatusChange>comparingInt(c -> rank.get(c.getStatus()))
                        .thenComparing(StatusChange.CHRONOLOGICAL))
                .map(StatusChange::getStatus);
    }

    /** @return the order's id */
    public long getOrderId() {
        return orderId;
    }

    /** @return the customer, or null until an event carried it */
    public String getCustomerId() {
        return customerId;
    }

    /** @return the shop, or null until an event carried it */
    public Long getShopId() {
        return shopId;
    }

    /** @return the phone model, or null until an event carried it */
    public String getEqpNm() {
        return eqpNm;
    }

    /** @return the phone's serial number, or null until an event carried it */
    public String getEqpSernum() {
        return eqpSernum;
    }

    /**
     * @return the overall status: {@code Ordered}, {@code DeliveryStarted}, {@code OrderCancelled}
     *     or {@code DeliveryCancelled}
     */
    public String getStatus() {
        return status;
    }

    /** @return {@code Ordered} or {@code OrderCancelled}; null if no order event arrived yet */
    public String getOrderStatus() {
        return orderStatus;
    }

    /** @return the delivery, or null until an event carried it */
    public Long getDeliveryId() {
        return deliveryId;
    }

    /** @return {@code DeliveryStarted} or {@code DeliveryCancelled}; null if no delivery event arrived */
    public String getDeliveryStatus() {
        return deliveryStatus;
    }

    /** @return the latest occurredAt of the applied events (UTC) */
    public Instant getUpdatedAt() {
        return updatedAt;
    }

    /** @return the applied events, oldest first (read only) */
    public List<StatusChange> getHistory() {
        return Collections.unmodifiableList(history);
    }
}
