package io.twd.delivery.domain.model.delivery;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The deliveries. Implemented with JPA in the infrastructure layer. */
public interface DeliveryRepository {

    /**
     * @param delivery a new delivery; gets its id assigned
     * @throws DuplicateDeliveryException if its order already has a delivery (unique key, holds under races)
     */
    void add(Delivery delivery);

    /**
     * @param id the delivery's id
     * @return the delivery, or empty
     */
    Optional<Delivery> find(long id);

    /**
     * @param orderId the order's id
     * @return the order's delivery, or empty
     */
    Optional<Delivery> findByOrderId(long orderId);

    /**
     * Deliveries in id order.
     *
     * @param orderId        only this order's; null for all
     * @param deliveryStatus only those in this status; null for all
     * @param offset         index of the first, 0 or more
     * @param limit          most to return, 1 or more
     * @return the window
     */
    List<Delivery> search(Long orderId, DeliveryStatus deliveryStatus, int offset, int limit);

    /**
     * @param orderId        as for {@link #search}
     * @param deliveryStatus as for {@link #search}
     * @return how many match
     */
    long count(Long orderId, DeliveryStatus deliveryStatus);

    /**
     * @param requestedBefore cut-off time
     * @param limit           most to return
     * @return deliveries still {@link DeliveryStatus#DeliveryRequested} requested before the cut-off, oldest first
     */
    List<Delivery> unconfirmedBefore(Instant requestedBefore, int limit);

    /** Writes pending changes now, so that a concurrent change shows as an optimistic lock failure here. */
    void flush();
}
