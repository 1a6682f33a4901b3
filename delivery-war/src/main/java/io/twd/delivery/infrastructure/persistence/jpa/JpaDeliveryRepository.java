package io.twd.delivery.infrastructure.persistence.jpa;

import io.twd.delivery.domain.model.delivery.Delivery;
import io.twd.delivery.domain.model.delivery.DeliveryRepository;
import io.twd.delivery.domain.model.delivery.DeliveryStatus;
import io.twd.delivery.domain.model.delivery.DuplicateDeliveryException;
import io.twd.platform.infrastructure.persistence.ConstraintViolations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link DeliveryRepository} on JPA (EclipseLink), in the service's own database. */
@ApplicationScoped
public class JpaDeliveryRepository implements DeliveryRepository {

    @PersistenceContext(unitName = "delivery")
    EntityManager em;

    @Override
    public void add(Delivery delivery) {
        try {
            em.persist(delivery);
            em.flush();
        } catch (PersistenceException e) {
            if (ConstraintViolations.isUniqueViolation(e)) {
                throw new DuplicateDeliveryException(delivery.getOrderId());
            }
            throw e;
        }
    }

    @Override
    public Optional<Delivery> find(long id) {
        return Optional.ofNullable(em.find(Delivery.class, id));
    }

    @Override
    public Optional<Delivery> findByOrderId(long orderId) {
        return em.createQuery("select d from Delivery d where d.orderId = :orderId", Delivery.class)
                .setParameter("orderId", orderId)
                .getResultStream()
                .findFirst();
    }

    @Override
    public List<Delivery> search(Long orderId, DeliveryStatus deliveryStatus, int offset, int limit) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<Delivery> query = cb.createQuery(Delivery.class);
        Root<Delivery> d = query.from(Delivery.class);
        query.select(d).where(matching(cb, d, orderId, deliveryStatus)).orderBy(cb.asc(d.get("id")));
        return em.createQuery(query).setFirstResult(offset).setMaxResults(limit).getResultList();
    }

    @Override
    public long count(Long orderId, DeliveryStatus deliveryStatus) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<Long> query = cb.createQuery(Long.class);
        Root<Delivery> d = query.from(Delivery.class);
        query.select(cb.count(d)).where(matching(cb, d, orderId, deliveryStatus));
        return em.createQuery(query).getSingleResult();
    }

    @Override
    public List<Delivery> unconfirmedBefore(Instant requestedBefore, int limit) {
        return em.createQuery("select d from Delivery d where d.deliveryStatus = :status"
                        + " and d.requestedAt < :before order by d.requestedAt", Delivery.class)
                .setParameter("status", DeliveryStatus.DeliveryRequested)
                .setParameter("before", requestedBefore)
                .setMaxResults(limit)
                .getResultList();
    }

    @Override
    public void flush() {
        em.flush();
    }

    private static Predicate[] matching(CriteriaBuilder cb, Root<Delivery> d, Long orderId, DeliveryStatus status) {
        List<Predicate> predicates = new ArrayList<>(2);
        if (orderId != null) {
            predicates.add(cb.equal(d.get("orderId"), orderId));
        }
        if (status != null) {
            predicates.add(cb.equal(d.get("deliveryStatus"), status));
        }
        return predicates.toArray(Predicate[]::new);
    }
}
