package io.twd.platform.infrastructure.health;

import io.twd.platform.infrastructure.messaging.OutboxRelay;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.metamodel.EntityType;
import jakarta.transaction.Transactional;

/**
 * Warms what every request that changes something uses: one JTA transaction that reads each
 * entity of the service's persistence unit (first query, connection pool, EclipseLink's
 * descriptors), and, in a service with an outbox, one local broker transaction of the relay's
 * connection factory ({@link OutboxRelay#warmUp()}), so that the first events are sent as fast
 * as the later ones.
 */
@ApplicationScoped
public class TransactionWarmUp implements WarmUpTask {

    @PersistenceContext
    EntityManager em;

    @Inject
    OutboxRelay relay;

    /** @return {@code "transaction"} */
    @Override
    public String name() {
        return "transaction";
    }

    /**
     * Reads at most one row of every entity in one transaction (committed: it changed nothing),
     * then warms the outbox relay.
     *
     * @throws jakarta.persistence.PersistenceException if the database cannot be read
     * @throws jakarta.jms.JMSRuntimeException if the broker cannot be reached
     */
    @Override
    @Transactional
    public void run() {
        for (EntityType<?> entity : em.getMetamodel().getEntities()) {
            em.createQuery("select e from " + entity.getName() + " e", entity.getJavaType())
                    .setMaxResults(1)
                    .getResultList();
        }
        relay.warmUp();
    }
}
