package io.twd.order.domain.model.order;

import io.twd.platform.domain.DomainException;

/**
 * Another request with the same {@code Idempotency-Key} is being, or was just, processed. The REST
 * layer answers with that request's result. Maps to HTTP 409 if it gets that far.
 */
public class PlacementKeyTakenException extends DomainException {

    private static final long serialVersionUID = 1L;

    /** @param key the client's key */
    public PlacementKeyTakenException(String key) {
        super(Reason.CONFLICT, "idempotency-key-in-use",
                "A request with Idempotency-Key " + key + " is in progress; retry shortly");
    }
}
