package io.twd.platform.infrastructure.health;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.TemporaryQueue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.metamodel.EntityType;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Warms what every request that changes something uses: one JTA transaction that reads each
 * entity of the service's persistence unit (first query, connection pool, EclipseLink's
 * descriptors) and sends a message through the broker's XA connection factory, so that the
 * two-phase commit, the transaction log and the JMS session enlistment are ready too. The
 * message goes to a temporary queue of its own, deleted after the commit: no consumer sees it.
 */
@ApplicationScoped
public class TransactionWarmUp implements WarmUpTask {

    private static final Logger LOG = Logger.getLogger(TransactionWarmUp.class.getName());

    @PersistenceContext
    EntityManager em;

    @Resource(lookup = "jms/twd/events")
    ConnectionFactory connectionFactory;

    @Resource
    TransactionSynchronizationRegistry synchronizations;

    /** @return {@code "transaction"} */
    @Override
    public String name() {
        return "transaction";
    }

    /**
     * Reads at most one row of every entity and sends one message to a temporary queue, in one
     * transaction (committed: it changed nothing).
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
        JMSContext context = connectionFactory.createContext();
        TemporaryQueue queue = context.createTemporaryQueue();
        context.createProducer().send(queue, "warm-up");
        synchronizations.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                // nothing to do before the commit
            }

            @Override
            public void afterCompletion(int status) {
                try {
                    queue.delete();
                } catch (JMSException e) {
                    LOG.log(Level.FINE, "Temporary queue of the warm-up not deleted (it goes with its"
                            + " connection)", e);
                } finally {
                    context.close();
                }
                if (status != Status.STATUS_COMMITTED) {
                    LOG.fine(() -> "Warm-up transaction ended with status " + status);
                }
            }
        });
    }
}
