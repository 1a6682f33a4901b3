package io.twd.order.application;

import io.twd.order.domain.model.phone.Phone;
import java.util.Optional;

/**
 * Outbound port: the shop service's catalogue, asked synchronously for a phone the order service
 * has not heard of yet (its {@code EqpRegistered} event may be seconds behind a burst of
 * registrations). Implementations guard the call with a timeout, a circuit breaker and a
 * bulkhead, and fail fast with {@link ShopUnavailableException} when the shop is down or
 * overloaded.
 */
public interface Shops {

    /**
     * @param shopId    the dealer shop
     * @param eqpSernum the phone's serial number
     * @return the phone as the shop registered it, or empty if the shop has no such phone
     * @throws ShopUnavailableException if the shop did not answer in time, failed, is overloaded,
     *     or the circuit is open
     */
    Optional<Phone> find(long shopId, String eqpSernum);
}
