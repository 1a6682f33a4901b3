package io.twd.message.infrastructure.persistence.jpa;

import io.twd.message.domain.model.notification.Notification;
import io.twd.message.domain.model.notification.NotificationFilter;
import io.twd.message.domain.model.notification.NotificationRepository;
import io.twd.message.domain.model.notification.NotificationStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** {@link NotificationRepository} on JPA (EclipseLink), in the message service's own database. */
@ApplicationScoped
public class JpaNotificationRepository implements NotificationRepository {

    @PersistenceContext(unitName = "message")
    EntityManager em;

    @Override
    public void add(Notification notification) {
        em.persist(notification);
        em.flush();
    }

    @Override
    public Optional<Notification> find(long id) {
        return Optional.ofNullable(em.find(Notification.class, id));
    }

    @Override
    public List<Notification> findAll(List<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<Long, Notification> byId = em.createQuery("select n from Notification n where n.id in :ids",
                        Notification.class)
                .setParameter("ids", ids)
                .getResultStream()
                .collect(Collectors.toMap(Notification::getId, Function.identity()));
        return ids.stream().map(byId::get).filter(Objects::nonNull).toList();
    }

    @Override
    public List<Long> due(Instant now, int limit) {
        return em.createQuery("select n.id from Notification n where n.status = :pending and n.nextAttemptAt <= :now"
                        + " order by n.nextAttemptAt, n.id", Long.class)
                .setParameter("pending", NotificationStatus.PENDING)
                .setParameter("now", now)
                .setMaxResults(limit)
                .getResultList();
    }

    @Override
    public boolean claim(long id, Instant now, Instant leaseUntil) {
        int updated = em.createQuery("update Notification n set n.attempts = n.attempts + 1,"
                        + " n.nextAttemptAt = :lease, n.updatedAt = :now, n.version = n.version + 1"
                        + " where n.id = :id and n.status = :pending and n.nextAttemptAt <= :now")
                .setParameter("lease", leaseUntil)
                .setParameter("now", now)
                .setParameter("id", id)
                .setParameter("pending", NotificationStatus.PENDING)
                .executeUpdate();
        return updated == 1;
    }

    @Override
    public List<Notification> search(NotificationFilter filter, int offset, int limit) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<Notification> query = cb.createQuery(Notification.class);
        Root<Notification> n = query.from(Notification.class);
        query.select(n).where(matching(cb, n, filter)).orderBy(cb.asc(n.get("id")));
        return em.createQuery(query).setFirstResult(offset).setMaxResults(limit).getResultList();
    }

    @Override
    public long count(NotificationFilter filter) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<Long> query = cb.createQuery(Long.class);
        Root<Notification> n = query.from(Notification.class);
        query.select(cb.count(n)).where(matching(cb, n, filter));
        return em.createQuery(query).getSingleResult();
    }

    private static Predicate[] matching(CriteriaBuilder cb, Root<Notification> n, NotificationFilter filter) {
        List<Predicate> predicates = new ArrayList<>(3);
        if (filter.orderId() != null) {
            predicates.add(cb.equal(n.get("orderId"), filter.orderId()));
        }
        if (filter.customerId() != null) {
            predicates.add(cb.equal(n.get("customerId"), filter.customerId()));
        }
        if (filter.status() != null) {
            predicates.add(cb.equal(n.get("status"), filter.status()));
        }
        return predicates.toArray(Predicate[]::new);
    }
}
