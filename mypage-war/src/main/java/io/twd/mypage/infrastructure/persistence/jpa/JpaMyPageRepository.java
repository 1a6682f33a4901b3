package io.twd.mypage.infrastructure.persistence.jpa;

import io.twd.mypage.domain.model.mypage.MyPage;
import io.twd.mypage.domain.model.mypage.MyPageRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;

/** {@link MyPageRepository} on JPA (EclipseLink), in the mypage service's own database. */
@ApplicationScoped
public class JpaMyPageRepository implements MyPageRepository {

    @PersistenceContext(unitName = "mypage")
    EntityManager em;

    @Override
    public Optional<MyPage> find(long orderId) {
        return Optional.ofNullable(em.find(MyPage.class, orderId));
    }

    @Override
    public void add(MyPage page) {
        em.persist(page);
        em.flush();
    }

    @Override
    public List<MyPage> search(String customerId, int offset, int limit) {
        String where = customerId == null ? "" : " where p.customerId = :customerId";
        var query = em.createQuery("select p from MyPage p" + where + " order by p.orderId desc", MyPage.class);
        if (customerId != null) {
            query.setParameter("customerId", customerId);
        }
        return query.setFirstResult(offset).setMaxResults(limit).getResultList();
    }

    @Override
    public long count(String customerId) {
        String where = customerId == null ? "" : " where p.customerId = :customerId";
        var query = em.createQuery("select count(p) from MyPage p" + where, Long.class);
        if (customerId != null) {
            query.setParameter("customerId", customerId);
        }
        return query.getSingleResult();
    }
}
