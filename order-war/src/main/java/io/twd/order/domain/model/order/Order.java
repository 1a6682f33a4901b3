package io.twd.order.domain.model.order;

import io.twd.platform.domain.UnsupportedStateTransitionException;
import io.twd.platform.infrastructure.persistence.IdsFromSequences;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A customer's order of one phone at a shop: the order service's aggregate root (spec
 * requirements 2, 5, 7).
 *
 * <p>A phone ({@code shopId} + {@code eqpSernum}) has at most one active order: while the order
 * is active its {@code activePhoneKey} column holds {@code <shopId>/<eqpSernum>} under a unique
 * constraint, and cancelling clears it, so the database enforces the rule under concurrent
 * requests and needs no other service. Status changes are methods that check the current state,
 * throw {@link UnsupportedStateTransitionException} (409) otherwise, and return the event to
 * publish in the same transaction.
 */
@Entity
@Table(name = "orders",
        uniqueConstraints = @UniqueConstraint(name = "uk_orders_active_phone", columnNames = "active_phone_key"),
        indexes = {@Index(name = "ix_orders_customer_status", columnList = "customer_id, order_status")})
public class Order {

    // from a sequence in blocks, not an identity column: concurrent inserts do not contend for ids
    // (IdsFromSequences; docs/benchmarks.md)
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "order_ids")
    @SequenceGenerator(name = "order_ids", sequenceName = "orders_seq", allocationSize = IdsFromSequences.BLOCK_SIZE)
    private Long id;

    @Column(name = "customer_id", nullable = false, length = 64)
    private String customerId;

    @Column(name = "customer_email", length = 254)
    private String customerEmail;

    @Column(name = "shop_id", nullable = false)
    private long shopId;

    @Column(name = "eqp_nm", nullable = false, length = 100)
    private String eqpNm;

    @Column(name = "eqp_sernum", nullable = false, length = 64)
    private String eqpSernum;

    @Column(name = "delivery_id")
    private Long deliveryId;

    @Enumerated(EnumType.STRING)
    @Column(name = "order_status", nullable = false, length = 20)
    private OrderStatus orderStatus;

    @Column(name = "active_phone_key", length = 90)
    private String activePhoneKey;

    @Column(name = "ordered_at", nullable = false)
    private Instant orderedAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    /** For JPA only. */
    protected Order() {
    }

    private Order(String customerId, String customerEmail, long shopId, String eqpNm, String eqpSernum, Instant now) {
        this.customerId = customerId;
        this.customerEmail = customerEmail;
        this.shopId = shopId;
        this.eqpNm = eqpNm;
        this.eqpSernum = eqpSernum;
        this.orderStatus = OrderStatus.Ordered;
        this.activePhoneKey = phoneKey(shopId, eqpSernum);
        this.orderedAt = now;
        this.updatedAt = now;
    }

    /**
     * Places an order, holding the phone; it still needs its delivery ({@link #confirm}) before
     * it may commit.
     *
     * @param customerId    the customer, not blank
     * @param customerEmail the customer's contact e-mail, or null
     * @param shopId        the dealer shop, positive
     * @param eqpNm         the phone's model name, not blank
     * @param eqpSernum     the phone's serial number, not blank
     * @param now           the order time
     * @return a new, not yet persisted order in {@link OrderStatus#Ordered} without delivery
     * @throws IllegalArgumentException if {@code shopId} is not positive or a required text is blank
     */
    public static Order place(String customerId, String customerEmail, long shopId, String eqpNm, String eqpSernum,
                              Instant now) {
        if (shopId <= 0) {
            throw new IllegalArgumentException("shopId must be positive");
        }
        if (isBlank(customerId) || isBlank(eqpNm) || isBlank(eqpSernum)) {
            throw new IllegalArgumentException("customerId, eqpNm and eqpSernum are required");
        }
        return new Order(customerId, customerEmail, shopId, eqpNm, eqpSernum, Objects.requireNonNull(now));
    }

    /**
     * @param shopId    the dealer shop
     * @param eqpSernum the phone's serial number
     * @return the phone's business key, {@code <shopId>/<eqpSernum>}
     */
    public static String phoneKey(long shopId, String eqpSernum) {
        return shopId + "/" + eqpSernum;
    }

    /**
     * Records the delivery that the delivery service opened for this order; the order may now
     * commit, and counts as placed from {@code now}.
     *
     * @param deliveryId the delivery's id, positive
     * @param now        when it was opened
     * @return the {@code Ordered} event to publish in the same transaction
     * @throws UnsupportedStateTransitionException (409) if the order already has a delivery or is not {@code Ordered}
     * @throws IllegalArgumentException if {@code deliveryId} is not positive
     * @throws IllegalStateException if the order was not persisted yet (it has no id)
     */
    public Ordered confirm(long deliveryId, Instant now) {
        if (id == null) {
            throw new IllegalStateException("persist the order before confirming it");
        }
        if (this.deliveryId != null || orderStatus != OrderStatus.Ordered) {
            throw new UnsupportedStateTransitionException("order", orderStatus, "confirm");
        }
        if (deliveryId <= 0) {
            throw new IllegalArgumentException("deliveryId must be positive");
        }
        this.deliveryId = deliveryId;
        // placed = committed with its delivery: the moment the customer is told
        this.orderedAt = now;
        this.updatedAt = now;
        return Ordered.of(this, now);
    }

    /**
     * Checks that the order may still be cancelled, before its delivery is asked to cancel.
     *
     * @throws UnsupportedStateTransitionException (409) if the phone has shipped
     */
    public void checkCancellable() {
        if (orderStatus == OrderStatus.DeliveryStarted) {
            throw new UnsupportedStateTransitionException("order", orderStatus, "cancel");
        }
    }

    /**
     * Cancels the order (spec requirement 5) once its delivery is cancelled; frees the phone.
     * Idempotent: cancelling a cancelled order changes nothing and returns no event.
     *
     * @param now when it was cancelled
     * @return the {@code OrderCancelled} event to publish, or empty if it was already cancelled
     * @throws UnsupportedStateTransitionException (409) if the phone has shipped
     */
    public Optional<OrderCancelled> cancel(Instant now) {
        if (orderStatus == OrderStatus.OrderCancelled) {
            return Optional.empty();
        }
        checkCancellable();
        this.orderStatus = OrderStatus.OrderCancelled;
        this.activePhoneKey = null;
        this.updatedAt = now;
        return Optional.of(OrderCancelled.of(this, now));
    }

    /**
     * The delivery service shipped the phone ({@code DeliveryStarted} event): no cancel from now on.
     * Idempotent for an order already shipped.
     *
     * @param now when the event was applied
     * @return true if the status changed
     * @throws UnsupportedStateTransitionException if the order is cancelled (delivery never ships
     *     a cancelled order, so this is a broken invariant and must not pass silently)
     */
    public boolean deliveryStarted(Instant now) {
        if (orderStatus == OrderStatus.DeliveryStarted) {
            return false;
        }
        if (orderStatus == OrderStatus.OrderCancelled) {
            throw new UnsupportedStateTransitionException("order", orderStatus, "start delivery of");
        }
        this.orderStatus = OrderStatus.DeliveryStarted;
        this.updatedAt = now;
        return true;
    }

    /**
     * The delivery service cancelled this order's delivery ({@code DeliveryCancelled} event). Normally
     * the order is already cancelled (it asked); if its own commit failed after the delivery
     * cancelled, this completes the cancellation.
     *
     * @param now when the event was applied
     * @return the {@code OrderCancelled} event to publish, or empty if it was already cancelled
     * @throws UnsupportedStateTransitionException if the phone has shipped
     */
    public Optional<OrderCancelled> deliveryCancelled(Instant now) {
        return cancel(now);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /** @return the generated id, or null before it is persisted */
    public Long getId() {
        return id;
    }

    /** @return the customer's id */
    public String getCustomerId() {
        return customerId;
    }

    /** @return the customer's contact e-mail, or null */
    public String getCustomerEmail() {
        return customerEmail;
    }

    /** @return the dealer shop */
    public long getShopId() {
        return shopId;
    }

    /** @return the phone's model name */
    public String getEqpNm() {
        return eqpNm;
    }

    /** @return the phone's serial number */
    public String getEqpSernum() {
        return eqpSernum;
    }

    /** @return the delivery's id, or null before {@link #confirm} */
    public Long getDeliveryId() {
        return deliveryId;
    }

    /** @return the current status */
    public OrderStatus getOrderStatus() {
        return orderStatus;
    }

    /** @return {@code <shopId>/<eqpSernum>} while the order holds the phone, null once cancelled */
    public String getActivePhoneKey() {
        return activePhoneKey;
    }

    /** @return when it was placed (UTC) */
    public Instant getOrderedAt() {
        return orderedAt;
    }

    /** @return when it last changed (UTC) */
    public Instant getUpdatedAt() {
        return updatedAt;
    }
}
