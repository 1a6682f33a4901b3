package io.twd.order.domain.model.phone;

import io.twd.platform.domain.DomainException;

/** The ordered phone is not registered at that shop (or has another model name). Maps to HTTP 422. */
public class UnknownPhoneException extends DomainException {

    private static final long serialVersionUID = 1L;

    /**
     * @param shopId    the dealer shop
     * @param eqpSernum the serial number
     * @param detail    what does not match
     */
    public UnknownPhoneException(long shopId, String eqpSernum, String detail) {
        super(Reason.UNPROCESSABLE, "unknown-phone", "Shop " + shopId + " has no phone " + eqpSernum + detail);
    }
}
