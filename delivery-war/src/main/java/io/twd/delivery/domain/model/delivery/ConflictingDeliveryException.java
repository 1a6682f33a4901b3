package io.twd.delivery.domain.model.delivery;

import io.twd.platform.domain.DomainException;

/**
 * A delivery request names an order that already has a delivery for another customer, shop or
 * phone: the existing delivery is not handed out, and nothing changes. Maps to HTTP 409 with
 * problem type {@code delivery-conflict}; the detail names only the order, never what the
 * existing delivery holds.
 */
public class ConflictingDeliveryException extends DomainException {

    private static final long serialVersionUID = 1L;

    /** @param orderId the order whose delivery differs from the request */
    public ConflictingDeliveryException(long orderId) {
        super(Reason.CONFLICT, "delivery-conflict", "Order " + orderId
                + " already has a delivery for another customer, shop or phone; this request was not applied.");
    }
}
