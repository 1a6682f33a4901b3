package io.twd.shop.infrastructure.persistence.jpa;

import io.twd.shop.domain.model.phone.PhoneOrder;
import io.twd.shop.domain.model.phone.PhoneOrderRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;

/** {@link PhoneOrderRepository} on JPA (EclipseLink), in the shop's own database. */
@ApplicationScoped
public class JpaPhoneOrderRepository implements PhoneOrderRepository {

    @PersistenceContext(unitName = "shop")
    EntityManager em;

    @Override
    public Optional<PhoneOrder> find(long orderId) {
        return Optional.ofNullable(em.find(PhoneOrder.class, orderId));
    }

    @Override
    public void add(PhoneOrder order) {
        em.persist(order);
        em.flush();
    }

    @Override
    public List<PhoneOrder> forPhone(long shopId, String eqpSernum) {
        return em.createQuery("select o from PhoneOrder o where o.shopId = :shopId and o.eqpSernum = :eqpSernum",
                        PhoneOrder.class)
                .setParameter("shopId", shopId)
                .setParameter("eqpSernum", eqpSernum)
                .getResultList();
    }
}
