package io.twd.order.domain.model.customer;

/** The customers the order service knows, in its own database. */
public interface CustomerRepository {

    /**
     * Locks the customer for the rest of the current transaction (a pessimistic write lock on their
     * row, which is created first if this is their first order): a second placement of the same
     * customer waits until this transaction ends.
     *
     * @param customerId the customer's id
     * @throws jakarta.transaction.TransactionalException if called outside a transaction
     * @throws jakarta.persistence.PersistenceException if the database cannot lock the row
     */
    void lockForPlacing(String customerId);
}
