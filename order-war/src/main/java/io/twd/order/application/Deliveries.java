package io.twd.order.application;

import io.twd.order.domain.model.order.Order;
import java.util.concurrent.CompletionStage;

/**
 * Outbound port: the delivery service, called synchronously (docs/architecture.md §1: no delivery for an order
 * that did not complete). Every call is idempotent by {@code orderId}. Implementations guard the
 * calls with timeouts, a circuit breaker and a bulkhead, and fail fast with
 * {@link DeliveryUnavailableException} when delivery is down or overloaded.
 */
public interface Deliveries {

    /** Outcome of {@link #cancel}. */
    enum CancelOutcome {
        /** The delivery is cancelled (now or before): the order may commit its cancellation. */
        CANCELLED,
        /** The order has no delivery: nothing can ship it, the order may be cancelled. */
        NO_DELIVERY,
        /** The phone has shipped: the order must not be cancelled. */
        ALREADY_SHIPPED
    }

    /**
     * Opens the delivery of an order that is about to commit.
     *
     * @param order the order, with its id assigned
     * @return the delivery's id, never null
     * @throws DeliveryUnavailableException if delivery did not answer in time, failed, is
     *     overloaded, or the circuit is open
     */
    Long open(Order order);

    /**
     * Asks delivery to cancel an order's delivery; delivery decides, against a concurrent ship.
     *
     * @param orderId the order's id
     * @return what delivery decided
     * @throws DeliveryUnavailableException as for {@link #open}; nothing was decided then
     */
    CancelOutcome cancel(long orderId);

    /**
     * Best effort, in the background: discards the delivery request of an order that did not
     * commit. Delivery also discards unconfirmed requests after a TTL, so a failure here is only logged.
     *
     * @param orderId the order's id
     * @return completes when done; never completes exceptionally
     */
    CompletionStage<Void> discard(long orderId);
}
