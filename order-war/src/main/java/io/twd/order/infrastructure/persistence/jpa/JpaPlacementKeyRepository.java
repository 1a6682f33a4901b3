package io.twd.order.infrastructure.persistence.jpa;

import io.twd.order.domain.model.order.PlacementKey;
import io.twd.order.domain.model.order.PlacementKeyRepository;
import io.twd.order.domain.model.order.PlacementKeyTakenException;
import io.twd.platform.infrastructure.persistence.ConstraintViolations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import java.util.Optional;

/** {@link PlacementKeyRepository} on JPA (EclipseLink), in the order service's own database. */
@ApplicationScoped
public class JpaPlacementKeyRepository implements PlacementKeyRepository {

    @PersistenceContext(unitName = "order")
    EntityManager em;

    @Override
    public void add(PlacementKey key) {
        try {
            em.persist(key);
            em.flush();
        } catch (PersistenceException e) {
            if (ConstraintViolations.isUniqueViolation(e)) {
                throw new PlacementKeyTakenException(key.getKey());
            }
            throw e;
        }
    }

    @Override
    public Optional<PlacementKey> find(String key) {
        return Optional.ofNullable(em.find(PlacementKey.class, key));
    }
}
