package io.twd.order.domain.model.order;

import io.twd.platform.domain.DomainException;

/** An {@code Idempotency-Key} was sent again with a different request. Maps to HTTP 422. */
public class IdempotencyKeyReusedException extends DomainException {

    private static final long serialVersionUID = 1L;

    /** @param key the client's key */
    public IdempotencyKeyReusedException(String key) {
        super(Reason.UNPROCESSABLE, "idempotency-key-reused",
                "Idempotency-Key " + key + " was already used for a different order request");
    }
}
