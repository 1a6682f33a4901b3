package io.twd.order.domain.model.phone;

import java.util.Optional;

/** The phones the order service knows from the shop's events. */
public interface PhoneRepository {

    /** @param phone a phone not known yet */
    void add(Phone phone);

    /**
     * @param phoneId the phone's id in the shop service
     * @return the phone, or empty
     */
    Optional<Phone> find(long phoneId);

    /**
     * @param shopId    the dealer shop
     * @param eqpSernum the serial number
     * @return the phone, or empty if the shop never registered it (as far as this service has heard)
     */
    Optional<Phone> findByKey(long shopId, String eqpSernum);
}
