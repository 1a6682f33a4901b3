package io.twd.order.domain.model.customer;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/**
 * A customer as the order service knows them: one row per customer who ever placed an order here.
 * The row is the aggregate's boundary for the rule "a customer has at most
 * {@code order.active-orders.max} active orders": a placement locks it
 * ({@link CustomerRepository#lockForPlacing}) before it counts, so two orders of one customer at the
 * same moment are counted one after the other, never both against the same total.
 */
@Entity
@Table(name = "customer")
public class Customer {

    @Id
    @Column(name = "customer_id", length = 64)
    private String customerId;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    /** For JPA only. */
    protected Customer() {
    }

    /**
     * @param customerId the customer's id (the token's {@code upn}), 1–64 characters
     * @param createdAt  when their first order was placed here
     */
    public Customer(String customerId, Instant createdAt) {
        this.customerId = Objects.requireNonNull(customerId, "customerId");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
    }

    /** @return the customer's id */
    public String getCustomerId() {
        return customerId;
    }

    /** @return when their first order was placed here */
    public Instant getCreatedAt() {
        return createdAt;
    }
}
