package io.twd.shop.domain.model.phone;

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
import io.twd.platform.domain.UnsupportedStateTransitionException;
import io.twd.platform.infrastructure.persistence.IdsFromSequences;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A phone registered at a dealer shop: the shop service's aggregate root.
 *
 * <p>A phone is identified in the business by its shop and serial number ({@code shopId} +
 * {@code eqpSernum}), unique across the service (enforced by the database), and technically
 * by a generated {@code id}. Only the server sets its {@link EqpStatus}: it starts
 * {@link EqpStatus#OrderAvailable} (spec requirement 1) and follows the order's life through
 * the shop's policies:
 * <pre>
 *   OrderAvailable --reserve(order)--> Ordered --release(order)--> OrderAvailable
 *   OrderAvailable | Ordered --ship(order)--> Shipped (terminal)
 * </pre>
 * The policies do not call these transitions one event at a time: they hand the phone all
 * that is known about its orders ({@link #follow(Collection, Instant)}), so late or
 * out-of-order events converge to the same status.
 */
@Entity
@Table(name = "phone",
        uniqueConstraints = @UniqueConstraint(name = "uk_phone_shop_sernum", columnNames = {"shop_id", "eqp_sernum"}),
        indexes = {@Index(name = "ix_phone_status", columnList = "eqp_status")})
public class Phone {

    // from a sequence in blocks, not an identity column: concurrent inserts do not contend for ids
    // (IdsFromSequences; docs/benchmarks.md)
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "phone_ids")
    @SequenceGenerator(name = "phone_ids", sequenceName = "phone_seq", allocationSize = IdsFromSequences.BLOCK_SIZE)
    private Long id;

    @Column(name = "shop_id", nullable = false)
    private long shopId;

    @Column(name = "eqp_sernum", nullable = false, length = 64)
    private String eqpSernum;

    @Column(name = "eqp_nm", nullable = false, length = 100)
    private String eqpNm;

    @Enumerated(EnumType.STRING)
    @Column(name = "eqp_status", nullable = false, length = 20)
    private EqpStatus eqpStatus;

    @Column(name = "order_id")
    private Long orderId;

    @Column(name = "registered_at", nullable = false)
    private Instant registeredAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    /** For JPA only. */
    protected Phone() {
    }

    private Phone(long shopId, String eqpNm, String eqpSernum, Instant now) {
        this.shopId = shopId;
        this.eqpNm = Objects.requireNonNull(eqpNm, "eqpNm");
        this.eqpSernum = Objects.requireNonNull(eqpSernum, "eqpSernum");
        this.eqpStatus = EqpStatus.OrderAvailable;
        this.registeredAt = now;
        this.updatedAt = now;
    }

    /**
     * Registers a new phone at a shop, free to order (spec requirement 1).
     *
     * @param shopId    the dealer shop, a positive number
     * @param eqpNm     the model name, e.g. {@code galaxy_s21}
     * @param eqpSernum the serial number, unique within the shop
     * @param now       the registration time
     * @return the new phone in status {@link EqpStatus#OrderAvailable}, not yet persisted
     * @throws IllegalArgumentException if {@code shopId} is not positive or a text is blank
     */
    public static Phone register(long shopId, String eqpNm, String eqpSernum, Instant now) {
        if (shopId <= 0) {
            throw new IllegalArgumentException("shopId must be positive");
        }
        if (eqpNm == null || eqpNm.isBlank() || eqpSernum == null || eqpSernum.isBlank()) {
            throw new IllegalArgumentException("eqpNm and eqpSernum are required");
        }
        return new Phone(shopId, eqpNm, eqpSernum, now);
    }

    /**
     * The event that announces this phone's registration.
     *
     * @param now when it happened
     * @return an {@link EqpRegistered} with a fresh event id; the phone must have its id assigned
     */
    public EqpRegistered registered(Instant now) {
        return EqpRegistered.of(this, now);
    }

    /**
     * Reserves the phone for an order (spec requirement 3: the order reached the shop).
     *
     * @param order the order's id
     * @param now   when it happened
     * @return the {@link EqpStatusChanged} event of the change
     * @throws UnsupportedStateTransitionException if the phone is not {@link EqpStatus#OrderAvailable}
     */
    public EqpStatusChanged reserve(long order, Instant now) {
        if (eqpStatus != EqpStatus.OrderAvailable) {
            throw new UnsupportedStateTransitionException("phone", eqpStatus, "reserve");
        }
        return changeTo(EqpStatus.Ordered, order, now);
    }

    /**
     * Frees the phone when the order holding it is cancelled (spec requirement 6).
     *
     * @param order the cancelled order's id
     * @param now   when it happened
     * @return the {@link EqpStatusChanged} event of the change
     * @throws UnsupportedStateTransitionException if the phone is not {@link EqpStatus#Ordered} by this order
     */
    public EqpStatusChanged release(long order, Instant now) {
        if (eqpStatus != EqpStatus.Ordered || orderId == null || orderId != order) {
            throw new UnsupportedStateTransitionException("phone", eqpStatus, "release for order " + order);
        }
        return changeTo(EqpStatus.OrderAvailable, null, now);
    }

    /**
     * Marks the phone shipped for an order (spec requirement 4). Allowed from
     * {@link EqpStatus#OrderAvailable} too, because {@code DeliveryStarted} may arrive before
     * the {@code Ordered} it follows.
     *
     * @param order the shipped order's id
     * @param now   when it happened
     * @return the {@link EqpStatusChanged} event of the change
     * @throws UnsupportedStateTransitionException if the phone has already shipped
     */
    public EqpStatusChanged ship(long order, Instant now) {
        if (eqpStatus == EqpStatus.Shipped) {
            throw new UnsupportedStateTransitionException("phone", eqpStatus, "ship");
        }
        return changeTo(EqpStatus.Shipped, order, now);
    }

    /**
     * Brings the phone to the status its orders call for, whatever order their events arrived
     * in: {@link EqpStatus#Shipped} if an order shipped (terminal); otherwise
     * {@link EqpStatus#Ordered} by the earliest order still holding it (stage
     * {@link OrderStage#Ordered}); otherwise {@link EqpStatus#OrderAvailable}.
     *
     * @param orders every order known for this phone (any order, may be empty)
     * @param now    when the change happens
     * @return the events of the transitions made, in order: none if the phone is already
     *     there, two if it passes from one order to another (release, then reserve)
     */
    public List<EqpStatusChanged> follow(Collection<PhoneOrder> orders, Instant now) {
        List<EqpStatusChanged> changes = new ArrayList<>(2);
        if (eqpStatus == EqpStatus.Shipped) {
            return changes;
        }
        Optional<PhoneOrder> shipped = orders.stream().filter(o -> o.getStage() == OrderStage.Shipped)
                .min(Comparator.comparingLong(PhoneOrder::getOrderId));
        if (shipped.isPresent()) {
            changes.add(ship(shipped.get().getOrderId(), now));
            return changes;
        }
        Optional<PhoneOrder> holder = orders.stream().filter(o -> o.getStage() == OrderStage.Ordered)
                .min(Comparator.comparing(PhoneOrder::getOrderedAt, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparingLong(PhoneOrder::getOrderId));
        Long target = holder.map(PhoneOrder::getOrderId).orElse(null);
        if (Objects.equals(target, orderId)) {
            return changes;
        }
        if (eqpStatus == EqpStatus.Ordered) {
            changes.add(release(orderId, now));
        }
        if (target != null) {
            changes.add(reserve(target, now));
        }
        return changes;
    }

    private EqpStatusChanged changeTo(EqpStatus status, Long order, Instant now) {
        this.eqpStatus = status;
        this.orderId = order;
        this.updatedAt = now;
        return EqpStatusChanged.of(this, now);
    }

    /** @return the generated id, or null before the phone is persisted */
    public Long getId() {
        return id;
    }

    /** @return the dealer shop's id, positive */
    public long getShopId() {
        return shopId;
    }

    /** @return the serial number, unique within the shop */
    public String getEqpSernum() {
        return eqpSernum;
    }

    /** @return the model name */
    public String getEqpNm() {
        return eqpNm;
    }

    /** @return the current status */
    public EqpStatus getEqpStatus() {
        return eqpStatus;
    }

    /** @return the order that reserved this phone, or null while it is {@link EqpStatus#OrderAvailable} */
    public Long getOrderId() {
        return orderId;
    }

    /** @return when the phone was registered (UTC) */
    public Instant getRegisteredAt() {
        return registeredAt;
    }

    /** @return when the phone last changed (UTC) */
    public Instant getUpdatedAt() {
        return updatedAt;
    }
}
