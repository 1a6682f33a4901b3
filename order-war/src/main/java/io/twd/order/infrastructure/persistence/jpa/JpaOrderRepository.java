package io.twd.order.infrastructure.persistence.jpa;

import io.twd.order.domain.model.order.Order;
import io.twd.order.domain.model.order.OrderRepository;
import io.twd.order.domain.model.order.OrderStatus;
import io.twd.order.domain.model.order.PhoneAlreadyOrderedException;
import io.twd.platform.infrastructure.persistence.ConstraintViolations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.TypedQuery;
import java.util.List;
import java.util.Optional;

/** {@link OrderRepository} on JPA (EclipseLink), in the service's own database. */
@ApplicationScoped
public class JpaOrderRepository implements OrderRepository {

    @PersistenceContext(unitName = "order")
    EntityManager em;

    @Override
    public void add(Order order) {
        try {
            em.persist(order);
            em.flush();
        } catch (PersistenceException e) {
            if (ConstraintViolations.isUniqueViolation(e)) {
                throw new PhoneAlreadyOrderedException(order.getShopId(), order.getEqpSernum());
            }
            throw e;
        }
    }

    @Override
    public Optional<Order> find(long id) {
        return Optional.ofNullable(em.find(Order.class, id));
    }

    @Override
    public Optional<Order> findForUpdate(long id) {
        return Optional.ofNullable(em.find(Order.class, id, LockModeType.PESSIMISTIC_WRITE));
    }

    @Override
    public Optional<Order> findActive(long shopId, String eqpSernum) {
        return em.createQuery("select o from Order o where o.activePhoneKey = :key", Order.class)
                .setParameter("key", Order.phoneKey(shopId, eqpSernum))
                .getResultStream()
                .findFirst();
    }

    @Override
    public List<Order> search(String customerId, int offset, int limit) {
        TypedQuery<Order> query = customerId == null
                ? em.createQuery("select o from Order o order by o.id", Order.class)
                : em.createQuery("select o from Order o where o.customerId = :customerId order by o.id", Order.class)
                        .setParameter("customerId", customerId);
        return query.setFirstResult(offset).setMaxResults(limit).getResultList();
    }

    @Override
    public long count(String customerId) {
        TypedQuery<Long> query = customerId == null
                ? em.createQuery("select count(o) from Order o", Long.class)
                : em.createQuery("select count(o) from Order o where o.customerId = :customerId", Long.class)
                        .setParameter("customerId", customerId);
        return query.getSingleResult();
    }

    @Override
    public long countActive(String customerId) {
        // counts a column of ix_orders_customer_status, not the order (whose id the index does not
        // hold), so that the database answers from the index alone (V6__orders_active_by_customer)
        return em.createQuery("select count(o.orderStatus) from Order o where o.customerId = :customerId"
                        + " and o.orderStatus = :ordered", Long.class)
                .setParameter("customerId", customerId)
                .setParameter("ordered", OrderStatus.Ordered)
                .getSingleResult();
    }

    @Override
    public void flush() {
        em.flush();
    }
}
