package io.twd.order.domain.model.order;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An {@code Idempotency-Key} a client sent with {@code POST /orders}, and the order it placed:
 * written in the placement's own transaction, so it exists if and only if the order does. A
 * retried request with the same key gets the first result instead of a second order.
 */
@Entity
@Table(name = "placement_key")
public class PlacementKey {

    @Id
    @Column(name = "idempotency_key", length = 100)
    private String key;

    @Column(name = "fingerprint", nullable = false, length = 64)
    private String fingerprint;

    @Column(name = "order_id")
    private Long orderId;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    /** For JPA only. */
    protected PlacementKey() {
    }

    /**
     * @param key         the client's key, 1–100 characters
     * @param fingerprint digest of the request's fields, to recognise a key reused for another request
     * @param createdAt   when the first request arrived
     */
    public PlacementKey(String key, String fingerprint, Instant createdAt) {
        this.key = key;
        this.fingerprint = fingerprint;
        this.createdAt = createdAt;
    }

    /** @param orderId the order this key's request placed */
    public void placed(long orderId) {
        this.orderId = orderId;
    }

    /** @return the client's key */
    public String getKey() {
        return key;
    }

    /** @return digest of the first request's fields */
    public String getFingerprint() {
        return fingerprint;
    }

    /** @return the order placed, or null while the placement is in progress */
    public Long getOrderId() {
        return orderId;
    }

    /** @return when the first request arrived (UTC) */
    public Instant getCreatedAt() {
        return createdAt;
    }
}
