package io.twd.order.infrastructure.persistence.jpa;

import io.twd.order.domain.model.customer.Customer;
import io.twd.order.domain.model.customer.CustomerRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

/**
 * {@link CustomerRepository} on JPA (EclipseLink), in the order service's own database. A
 * customer's row is created, the first time, in a transaction of its own
 * ({@link CustomerRegistration}): two first orders of one customer at the same moment then both
 * find it and lock it in turn, instead of one failing on the primary key.
 */
@ApplicationScoped
public class JpaCustomerRepository implements CustomerRepository {

    @PersistenceContext(unitName = "order")
    EntityManager em;

    @Inject
    CustomerRegistration registration;

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockForPlacing(String customerId) {
        if (em.find(Customer.class, customerId) == null) {
            try {
                registration.register(customerId);
            } catch (RuntimeException concurrentFirstOrder) {
                // another first order of this customer inserted the row: it is there to lock
            }
        }
        em.find(Customer.class, customerId, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Creates a customer's row in a transaction of its own, unless it exists. */
    @ApplicationScoped
    public static class CustomerRegistration {

        /** Inserts the row unless its id is there: one statement on the primary key (Derby and PostgreSQL). */
        static final String INSERT_IF_ABSENT = "INSERT INTO customer (customer_id, created_at)"
                + " SELECT CAST(? AS VARCHAR(64)), CURRENT_TIMESTAMP FROM (VALUES (1)) AS one (x)"
                + " WHERE NOT EXISTS (SELECT 1 FROM customer WHERE customer_id = ?)";

        @PersistenceContext(unitName = "order")
        EntityManager em;

        /**
         * @param customerId the customer's id
         * @throws jakarta.persistence.PersistenceException if the database refuses the insert (e.g.
         *     another transaction inserted the same customer at the same moment and committed: the
         *     row exists then, which is what the caller needs)
         */
        @Transactional(Transactional.TxType.REQUIRES_NEW)
        public void register(String customerId) {
            em.createNativeQuery(INSERT_IF_ABSENT).setParameter(1, customerId).setParameter(2, customerId)
                    .executeUpdate();
        }
    }
}
