package io.twd.order.domain.model.order;

import java.util.List;
import java.util.Optional;

/** The orders. Implemented with JPA in the infrastructure layer. */
public interface OrderRepository {

    /**
     * @param order a new order; gets its id assigned (the row is written now, inside the transaction)
     * @throws PhoneAlreadyOrderedException if the phone has an active order (unique key, holds under races)
     */
    void add(Order order);

    /**
     * @param id the order's id
     * @return the order, or empty
     */
    Optional<Order> find(long id);

    /**
     * @param id the order's id
     * @return the order, locked against concurrent changes until the transaction ends, or empty
     */
    Optional<Order> findForUpdate(long id);

    /**
     * @param shopId    the dealer shop
     * @param eqpSernum the phone's serial number
     * @return the phone's active (not cancelled) order, or empty
     */
    Optional<Order> findActive(long shopId, String eqpSernum);

    /**
     * Orders in id order.
     *
     * @param customerId only this customer's; null for all
     * @param offset     index of the first, 0 or more
     * @param limit      most to return, 1 or more
     * @return the window
     */
    List<Order> search(String customerId, int offset, int limit);

    /**
     * @param customerId as for {@link #search}
     * @return how many match
     */
    long count(String customerId);

    /**
     * @param customerId a customer
     * @return how many of their orders are active: {@link OrderStatus#Ordered}, neither shipped nor cancelled
     */
    long countActive(String customerId);

    /** Writes pending changes now, so that conflicts show here rather than at commit. */
    void flush();
}
