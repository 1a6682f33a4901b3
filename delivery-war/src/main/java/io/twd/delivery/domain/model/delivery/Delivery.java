package io.twd.delivery.domain.model.delivery;

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
import java.util.Optional;

/**
 * The delivery of one order's phone: the delivery service's aggregate root, and the single owner
 * of the decision "shipped or cancelled" for its order (docs/architecture.md §3).
 *
 * <p>One delivery per order (unique {@code orderId}, enforced by the database). It is opened by
 * the order service's synchronous request ({@link DeliveryStatus#DeliveryRequested}) but can
 * only be shipped once the order is known to be committed, which the {@code Ordered} event tells
 * ({@link #confirm}). A request whose order never commits is discarded. Concurrent commands on
 * one delivery are serialised by the {@code @Version} column: of a cancel and a ship racing on
 * the same delivery, exactly one commits.
 */
@Entity
@Table(name = "delivery",
        uniqueConstraints = @UniqueConstraint(name = "uk_delivery_order", columnNames = "order_id"),
        indexes = {@Index(name = "ix_delivery_status_requested", columnList = "delivery_status, requested_at")})
public class Delivery {

    // from a sequence in blocks, not an identity column: concurrent inserts do not contend for ids
    // (IdsFromSequences; docs/benchmarks.md)
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "delivery_ids")
    @SequenceGenerator(name = "delivery_ids", sequenceName = "delivery_seq", allocationSize = IdsFromSequences.BLOCK_SIZE)
    private Long id;

    @Column(name = "order_id", nullable = false)
    private long orderId;

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

    @Enumerated(EnumType.STRING)
    @Column(name = "delivery_status", nullable = false, length = 20)
    private DeliveryStatus deliveryStatus;

    @Column(name = "requested_at", nullable = false)
    private Instant requestedAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    /** For JPA only. */
    protected Delivery() {
    }

    private Delivery(DeliveryOrder order, DeliveryStatus status, Instant now) {
        this.orderId = order.orderId();
        this.customerId = order.customerId();
        this.customerEmail = order.customerEmail();
        this.shopId = order.shopId();
        this.eqpNm = order.eqpNm();
        this.eqpSernum = order.eqpSernum();
        this.deliveryStatus = status;
        this.requestedAt = now;
        this.updatedAt = now;
    }

    /**
     * Opens a delivery on the order service's request, before the order commits.
     *
     * @param order the order to deliver; not null
     * @param now   the request time
     * @return a new, not yet persisted delivery in {@link DeliveryStatus#DeliveryRequested}
     */
    public static Delivery request(DeliveryOrder order, Instant now) {
        return new Delivery(order, DeliveryStatus.DeliveryRequested, now);
    }

    /**
     * A delivery for a committed order that was never requested here (its request was lost, e.g.
     * with a restored database): the {@code Ordered} event alone is enough to ship it.
     *
     * @param order the committed order; not null
     * @param now   when the {@code Ordered} event was applied
     * @return a new, not yet persisted delivery in {@link DeliveryStatus#DeliveryConfirmed}
     */
    public static Delivery confirmedFor(DeliveryOrder order, Instant now) {
        return new Delivery(order, DeliveryStatus.DeliveryConfirmed, now);
    }

    /**
     * The order committed ({@code Ordered} event): the delivery becomes shippable. A discarded
     * request is revived, since the order did commit after all. Tolerant of redelivered and late
     * events: a delivery already confirmed, started or cancelled is left as it is.
     *
     * @param now when the event was applied
     * @return true if the status changed
     */
    public boolean confirm(Instant now) {
        if (deliveryStatus == DeliveryStatus.DeliveryRequested || deliveryStatus == DeliveryStatus.DeliveryDiscarded) {
            changeTo(DeliveryStatus.DeliveryConfirmed, now);
            return true;
        }
        return false;
    }

    /**
     * Shop staff ship the phone (spec requirement 4).
     *
     * @param now when it was shipped
     * @return the {@code DeliveryStarted} event to publish in the same transaction
     * @throws UnsupportedStateTransitionException (409) unless the delivery is
     *     {@link DeliveryStatus#DeliveryConfirmed}: its order is not committed, was cancelled, or it already shipped
     */
    public DeliveryStarted start(Instant now) {
        if (deliveryStatus != DeliveryStatus.DeliveryConfirmed) {
            throw new UnsupportedStateTransitionException("delivery", deliveryStatus, "start");
        }
        changeTo(DeliveryStatus.DeliveryStarted, now);
        return DeliveryStarted.of(this, now);
    }

    /**
     * Cancels the delivery with its order (spec requirement 5). Idempotent: cancelling a cancelled
     * delivery changes nothing and returns no event.
     *
     * @param now when it was cancelled
     * @return the {@code DeliveryCancelled} event to publish, or empty if it was already cancelled
     * @throws UnsupportedStateTransitionException (409) if the phone has shipped
     */
    public Optional<DeliveryCancelled> cancel(Instant now) {
        if (deliveryStatus == DeliveryStatus.DeliveryCancelled) {
            return Optional.empty();
        }
        if (deliveryStatus == DeliveryStatus.DeliveryStarted) {
            throw new UnsupportedStateTransitionException("delivery", deliveryStatus, "cancel");
        }
        changeTo(DeliveryStatus.DeliveryCancelled, now);
        return Optional.of(DeliveryCancelled.of(this, now));
    }

    /**
     * Discards a request whose order did not commit (the order service's compensation, or
     * {@link #isExpired expiry}). Idempotent for a discarded delivery. Publishes nothing: no
     * order ever existed for anyone to hear about.
     *
     * @param now when it was discarded
     * @throws UnsupportedStateTransitionException (409) unless it is {@link DeliveryStatus#DeliveryRequested}
     *     or already discarded: a confirmed order's delivery is never discarded
     */
    public void discard(Instant now) {
        if (deliveryStatus == DeliveryStatus.DeliveryDiscarded) {
            return;
        }
        if (deliveryStatus != DeliveryStatus.DeliveryRequested) {
            throw new UnsupportedStateTransitionException("delivery", deliveryStatus, "discard");
        }
        changeTo(DeliveryStatus.DeliveryDiscarded, now);
    }

    /**
     * Whether this delivery is the one of that order as the order service describes it now: the same
     * order, customer, shop and phone. A request for an order whose delivery differs in any of them
     * did not come from the order that owns it.
     *
     * @param order an order as a request describes it; not null
     * @return true if {@code orderId}, {@code customerId}, {@code shopId}, {@code eqpNm} and
     *     {@code eqpSernum} are all equal (the e-mail is contact data, not identity)
     */
    public boolean isFor(DeliveryOrder order) {
        return orderId == order.orderId() && customerId.equals(order.customerId()) && shopId == order.shopId()
                && eqpNm.equals(order.eqpNm()) && eqpSernum.equals(order.eqpSernum());
    }

    /**
     * @param now the current time
     * @param ttl how long a request may wait for its order's {@code Ordered} event
     * @return true if it is still {@link DeliveryStatus#DeliveryRequested} and older than {@code ttl}
     */
    public boolean isExpired(Instant now, java.time.Duration ttl) {
        return deliveryStatus == DeliveryStatus.DeliveryRequested && requestedAt.plus(ttl).isBefore(now);
    }

    private void changeTo(DeliveryStatus status, Instant now) {
        this.deliveryStatus = status;
        this.updatedAt = now;
    }

    /** @return the generated id, or null before it is persisted */
    public Long getId() {
        return id;
    }

    /** @return the order's id (correlation key) */
    public long getOrderId() {
        return orderId;
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

    /** @return the current status */
    public DeliveryStatus getDeliveryStatus() {
        return deliveryStatus;
    }

    /** @return when it was requested (UTC) */
    public Instant getRequestedAt() {
        return requestedAt;
    }

    /** @return when it last changed (UTC) */
    public Instant getUpdatedAt() {
        return updatedAt;
    }
}
