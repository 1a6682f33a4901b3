package io.twd.order.domain.model.phone;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import java.time.Instant;

/**
 * A phone registered at a shop, as the order service knows it from the shop's
 * {@code EqpRegistered} events: its own copy, so that orders are checked and accepted while the
 * shop service is down (docs/architecture.md §1, fault isolation). Keyed by the shop's {@code phoneId}.
 */
@Entity
@Table(name = "phone",
        uniqueConstraints = @UniqueConstraint(name = "uk_phone_shop_sernum", columnNames = {"shop_id", "eqp_sernum"}))
public class Phone {

    @Id
    @Column(name = "phone_id")
    private long phoneId;

    @Column(name = "shop_id", nullable = false)
    private long shopId;

    @Column(name = "eqp_sernum", nullable = false, length = 64)
    private String eqpSernum;

    @Column(name = "eqp_nm", nullable = false, length = 100)
    private String eqpNm;

    @Column(name = "registered_at", nullable = false)
    private Instant registeredAt;

    /** For JPA only. */
    protected Phone() {
    }

    /**
     * @param phoneId      the phone's id in the shop service
     * @param shopId       the dealer shop
     * @param eqpNm        the model name
     * @param eqpSernum    the serial number
     * @param registeredAt when the shop registered it
     */
    public Phone(long phoneId, long shopId, String eqpNm, String eqpSernum, Instant registeredAt) {
        this.phoneId = phoneId;
        this.shopId = shopId;
        this.eqpNm = eqpNm;
        this.eqpSernum = eqpSernum;
        this.registeredAt = registeredAt;
    }

    /** @return the phone's id in the shop service */
    public long getPhoneId() {
        return phoneId;
    }

    /** @return the dealer shop */
    public long getShopId() {
        return shopId;
    }

    /** @return the serial number */
    public String getEqpSernum() {
        return eqpSernum;
    }

    /** @return the model name */
    public String getEqpNm() {
        return eqpNm;
    }

    /** @return when the shop registered it (UTC) */
    public Instant getRegisteredAt() {
        return registeredAt;
    }
}
