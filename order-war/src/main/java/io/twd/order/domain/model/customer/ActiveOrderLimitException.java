package io.twd.order.domain.model.customer;

import io.twd.platform.domain.DomainException;

/**
 * The customer already has as many active orders (neither shipped nor cancelled) as one customer
 * may have ({@code order.active-orders.max}): the order is not placed. Maps to HTTP 409 with
 * problem type {@code active-order-limit}.
 */
public class ActiveOrderLimitException extends DomainException {

    private static final long serialVersionUID = 1L;

    /** @param limit how many active orders a customer may have, 1 or more */
    public ActiveOrderLimitException(int limit) {
        super(Reason.CONFLICT, "active-order-limit", "You already have " + limit + " active "
                + (limit == 1 ? "order" : "orders") + " (neither shipped nor cancelled), the most one customer may"
                + " have at a time. Cancel one, or order again once one has shipped.");
    }
}
