package io.twd.shop.domain.model.phone;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Objects;

/**
 * What the shop knows about one order for one of its phones: the furthest {@link OrderStage}
 * any received event reported for it. Kept per {@code orderId} so that an event that arrives
 * before the ones it follows (for example {@code OrderCancelled} before {@code Ordered}) is not
 * lost: the phone's status is always derived from all of its orders
 * ({@link Phone#follow(java.util.Collection, Instant)}).
 */
@Entity
@Table(name = "phone_order", indexes = @Index(name = "ix_phone_order_phone", columnList = "shop_id, eqp_sernum"))
public class PhoneOrder {

    @Id
    @Column(name = "order_id")
    private Long orderId;

    @Column(name = "shop_id", nullable = false)
    private long shopId;

    @Column(name = "eqp_sernum", nullable = false, length = 64)
    private String eqpSernum;

    @Enumerated(EnumType.STRING)
    @Column(name = "stage", nullable = false, length = 20)
    private OrderStage stage;

    @Column(name = "ordered_at")
    private Instant orderedAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    /** For JPA only. */
    protected PhoneOrder() {
    }

    /**
     * @param orderId   the order's id, positive
     * @param shopId    the shop of the ordered phone
     * @param eqpSernum the serial number of the ordered phone
     * @param stage     the stage the first received event reports
     * @param occurredAt when that event happened
     */
    public PhoneOrder(long orderId, long shopId, String eqpSernum, OrderStage stage, Instant occurredAt) {
        this.orderId = orderId;
        this.shopId = shopId;
        this.eqpSernum = Objects.requireNonNull(eqpSernum, "eqpSernum");
        this.stage = Objects.requireNonNull(stage, "stage");
        this.orderedAt = stage == OrderStage.Ordered ? occurredAt : null;
        this.updatedAt = occurredAt;
    }

    /**
     * Records a later (or late) event of this order. The stage only moves to a higher rank.
     *
     * @param reported   the stage the event reports
     * @param occurredAt when the event happened
     * @return true if the stage changed
     */
    public boolean advance(OrderStage reported, Instant occurredAt) {
        if (reported == OrderStage.Ordered && (orderedAt == null || occurredAt.isBefore(orderedAt))) {
            orderedAt = occurredAt;
        }
        OrderStage next = reported.max(stage);
        if (next == stage) {
            return false;
        }
        stage = next;
        updatedAt = occurredAt;
        return true;
    }

    /** @return the order's id */
    public long getOrderId() {
        return orderId;
    }

    /** @return the shop of the ordered phone */
    public long getShopId() {
        return shopId;
    }

    /** @return the serial number of the ordered phone */
    public String getEqpSernum() {
        return eqpSernum;
    }

    /** @return the furthest stage reported so far */
    public OrderStage getStage() {
        return stage;
    }

    /** @return when the order was placed ({@code Ordered}'s occurredAt), or null if not yet received */
    public Instant getOrderedAt() {
        return orderedAt;
    }
}
