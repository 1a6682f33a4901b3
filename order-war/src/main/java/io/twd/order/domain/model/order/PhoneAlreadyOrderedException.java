package io.twd.order.domain.model.order;

import io.twd.platform.domain.DomainException;

/** The phone already has an active (not cancelled) order. Maps to HTTP 409. */
public class PhoneAlreadyOrderedException extends DomainException {

    private static final long serialVersionUID = 1L;

    /**
     * @param shopId    the dealer shop
     * @param eqpSernum the phone's serial number
     */
    public PhoneAlreadyOrderedException(long shopId, String eqpSernum) {
        super(Reason.CONFLICT, "phone-already-ordered",
                "Phone " + eqpSernum + " at shop " + shopId + " already has an active order");
    }
}
