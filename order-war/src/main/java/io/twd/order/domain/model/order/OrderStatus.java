package io.twd.order.domain.model.order;

/**
 * Status of an order ({@code orderStatus} on the wire). The constants are the wire values.
 *
 * <pre>
 * Ordered --delivery started--&gt; DeliveryStarted (final: shipped, no cancel)
 *    \-----cancel / delivery cancelled--&gt; OrderCancelled (final: the phone is free again)
 * </pre>
 */
public enum OrderStatus {
    /** Committed, with its delivery opened: the phone is held for this order. */
    Ordered,
    /** Shop staff shipped the phone: can no longer be cancelled. */
    DeliveryStarted,
    /** Cancelled before shipping: the record stays, the phone is free to order again. */
    OrderCancelled
}
