package io.twd.shop.domain.model.phone;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Objects;

/**
 * A phone registered at a dealer shop: the shop service's aggregate root.
 *
 * <p>A phone is identified in the business by its shop and serial number ({@code shopId} +
 * {@code eqpSernum}), unique across the service (enforced by the database), and technically
 * by a generated {@code id}. Only the server sets its {@link EqpStatus}: it starts
 * {@link EqpStatus#OrderAvailable} (spec requirement 1) and follows the order's life through
 * the shop's policies.
 */
@Entity
@Table(name = "phone",
        uniqueConstraints = @UniqueConstraint(name = "uk_phone_shop_sernum", columnNames = {"shop_id", "eqp_sernum"}),
        indexes = {@Index(name = "ix_phone_status", columnList = "eqp_status")})
public class Phone {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
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
