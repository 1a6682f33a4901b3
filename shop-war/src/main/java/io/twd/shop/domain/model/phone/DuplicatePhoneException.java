package io.twd.shop.domain.model.phone;

import io.twd.platform.domain.DomainException;

/** A phone with the same {@code shopId} + {@code eqpSernum} is already registered. Maps to HTTP 409. */
public class DuplicatePhoneException extends DomainException {

    private static final long serialVersionUID = 1L;

    /**
     * @param shopId    the dealer shop
     * @param eqpSernum the serial number already registered there
     */
    public DuplicatePhoneException(long shopId, String eqpSernum) {
        super(Reason.CONFLICT, "duplicate-phone",
                "Shop " + shopId + " already has a phone with eqpSernum " + eqpSernum);
    }
}
