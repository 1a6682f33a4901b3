package io.twd.order.infrastructure.persistence.jpa;

import io.twd.order.domain.model.phone.Phone;
import io.twd.order.domain.model.phone.PhoneRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;

/** {@link PhoneRepository} on JPA (EclipseLink), in the order service's own database. */
@ApplicationScoped
public class JpaPhoneRepository implements PhoneRepository {

    @PersistenceContext(unitName = "order")
    EntityManager em;

    @Override
    public void add(Phone phone) {
        em.persist(phone);
    }

    @Override
    public Optional<Phone> find(long phoneId) {
        return Optional.ofNullable(em.find(Phone.class, phoneId));
    }

    @Override
    public Optional<Phone> findByKey(long shopId, String eqpSernum) {
        return em.createQuery("select p from Phone p where p.shopId = :shopId and p.eqpSernum = :eqpSernum", Phone.class)
                .setParameter("shopId", shopId)
                .setParameter("eqpSernum", eqpSernum)
                .getResultStream()
                .findFirst();
    }
}
