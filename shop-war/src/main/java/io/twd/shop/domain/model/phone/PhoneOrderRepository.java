package io.twd.shop.domain.model.phone;

import java.util.List;
import java.util.Optional;

/** The orders the shop knows for its phones ({@link PhoneOrder}), in the shop's own database. */
public interface PhoneOrderRepository {

    /**
     * @param orderId an order's id
     * @return what is known about it, or empty if no event of it was received yet
     */
    Optional<PhoneOrder> find(long orderId);

    /**
     * Stores a newly seen order.
     *
     * @param order the order
     * @throws jakarta.persistence.PersistenceException if the order is already stored (a
     *     concurrent first event of the same order; the caller's transaction rolls back and the
     *     event is redelivered)
     */
    void add(PhoneOrder order);

    /**
     * @param shopId    the phone's shop
     * @param eqpSernum the phone's serial number
     * @return every known order of that phone, including ones added in the current transaction
     */
    List<PhoneOrder> forPhone(long shopId, String eqpSernum);
}
