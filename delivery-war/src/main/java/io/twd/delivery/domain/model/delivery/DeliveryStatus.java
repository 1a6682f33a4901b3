package io.twd.delivery.domain.model.delivery;

/**
 * Status of a delivery ({@code deliveryStatus} on the wire). The constants are the wire values.
 *
 * <pre>
 * DeliveryRequested --confirm (Ordered event)--&gt; DeliveryConfirmed --start--&gt; DeliveryStarted
 *        |  \--discard / expire--&gt; DeliveryDiscarded --confirm--&gt; DeliveryConfirmed
 *        \------------- cancel (from Requested, Confirmed or Discarded) --------&gt; DeliveryCancelled
 * </pre>
 */
public enum DeliveryStatus {
    /** Opened by the order service's synchronous request; its order is not known to be committed yet. Not shippable. */
    DeliveryRequested,
    /** The order is committed ({@code Ordered} received): shop staff may ship it. */
    DeliveryConfirmed,
    /** Shipped by shop staff: final, the order can no longer be cancelled. */
    DeliveryStarted,
    /** Cancelled with its order: final, never shipped. */
    DeliveryCancelled,
    /** Its order never committed (compensated by the order service, or expired unconfirmed). Not shippable. */
    DeliveryDiscarded
}
