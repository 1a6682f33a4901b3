package io.twd.delivery.domain.model.delivery;

import io.twd.platform.domain.DomainException;

/** The order already has a delivery (a concurrent request for the same order won). Maps to HTTP 409. */
public class DuplicateDeliveryException extends DomainException {

    private static final long serialVersionUID = 1L;

    /** @param orderId the order that already has a delivery */
    public DuplicateDeliveryException(long orderId) {
        super(Reason.CONFLICT, "duplicate-delivery", "Order " + orderId + " already has a delivery");
    }
}
