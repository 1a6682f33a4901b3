package io.twd.shop.domain.model.phone;

/**
 * Status of a phone at its shop ({@code eqpStatus} in the spec). The constants are the wire
 * values, spelled as the spec spells them.
 */
public enum EqpStatus {
    /** Registered and free: a customer may order it (spec: 개통가능, "OrderAvailable"). */
    OrderAvailable,
    /** Reserved by an accepted order; back to {@link #OrderAvailable} if the order is cancelled. */
    Ordered,
    /** Handed to delivery: the order can no longer be cancelled. */
    Shipped
}
