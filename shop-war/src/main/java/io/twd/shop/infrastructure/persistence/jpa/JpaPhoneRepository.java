package io.twd.shop.infrastructure.persistence.jpa;

import io.twd.platform.infrastructure.persistence.ConstraintViolations;
import io.twd.shop.domain.model.phone.DuplicatePhoneException;
import io.twd.shop.domain.model.phone.Phone;
import io.twd.shop.domain.model.phone.PhoneFilter;
import io.twd.shop.domain.model.phone.PhoneRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.TypedQuery;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link PhoneRepository} on JPA (EclipseLink), in the service's own database. */
@ApplicationScoped
public class JpaPhoneRepository implements PhoneRepository {

    @PersistenceContext(unitName = "shop")
    EntityManager em;

    @Override
    public void add(Phone phone) {
        try {
            em.persist(phone);
            em.flush();
        } catch (PersistenceException e) {
            if (ConstraintViolations.isUniqueViolation(e)) {
                throw new DuplicatePhoneException(phone.getShopId(), phone.getEqpSernum());
            }
            throw e;
        }
    }

    @Override
    public Optional<Phone> find(long id) {
        return Optional.ofNullable(em.find(Phone.class, id));
    }

    @Override
    public Optional<Phone> findByKey(long shopId, String eqpSernum) {
        return em.createQuery("select p from Phone p where p.shopId = :shopId and p.eqpSernum = :eqpSernum", Phone.class)
                .setParameter("shopId", shopId)
                .setParameter("eqpSernum", eqpSernum)
                .getResultStream()
                .findFirst();
    }

    @Override
    public List<Phone> search(PhoneFilter filter, long afterId, int offset, int limit) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<Phone> query = cb.createQuery(Phone.class);
        Root<Phone> phone = query.from(Phone.class);
        List<Predicate> where = new ArrayList<>(List.of(matching(cb, phone, filter)));
        if (afterId > 0) {
            where.add(cb.greaterThan(phone.get("id"), afterId));
        }
        query.select(phone).where(where.toArray(Predicate[]::new)).orderBy(cb.asc(phone.get("id")));
        TypedQuery<Phone> typed = em.createQuery(query).setFirstResult(offset).setMaxResults(limit);
        return typed.getResultList();
    }

    @Override
    public long count(PhoneFilter filter) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<Long> query = cb.createQuery(Long.class);
        Root<Phone> phone = query.from(Phone.class);
        query.select(cb.count(phone)).where(matching(cb, phone, filter));
        return em.createQuery(query).getSingleResult();
    }

    @Override
    public void claim(Phone phone) {
        em.lock(phone, LockModeType.PESSIMISTIC_FORCE_INCREMENT);
    }

    private static Predicate[] matching(CriteriaBuilder cb, Root<Phone> phone, PhoneFilter filter) {
        List<Predicate> predicates = new ArrayList<>(4);
        if (filter.shopId() != null) {
            predicates.add(cb.equal(phone.get("shopId"), filter.shopId()));
        }
        if (filter.eqpStatus() != null) {
            predicates.add(cb.equal(phone.get("eqpStatus"), filter.eqpStatus()));
        }
        if (filter.eqpNm() != null) {
            predicates.add(cb.equal(phone.get("eqpNm"), filter.eqpNm()));
        }
        if (filter.eqpSernum() != null) {
            predicates.add(cb.equal(phone.get("eqpSernum"), filter.eqpSernum()));
        }
        return predicates.toArray(Predicate[]::new);
    }
}
