package io.twd.platform.infrastructure.persistence;

import java.sql.SQLException;

/**
 * Recognises a transaction that the database itself rolled back because concurrent transactions
 * contended for the same data: SQLSTATE class {@value #TRANSACTION_ROLLBACK}, "transaction
 * rollback" (ISO/IEC 9075-2, §24.1). Derby reports a lock timeout as {@code 40XL1} (or
 * {@code 40XL2}) and a deadlock victim as {@code 40001}; PostgreSQL a serialization failure as
 * {@code 40001} and a deadlock victim as {@code 40P01}. After such a failure nothing of the
 * transaction was applied, and running it again is the standard remedy
 * ({@link ContentionRetryInterceptor}).
 *
 * <p>One more state means the same: Derby's {@value #DERBY_SEQUENCE_CONTENTION}, a sequence whose
 * next range of values Derby could not allocate because concurrent transactions were allocating
 * it too (it happens when many transactions need a fresh range at once, e.g. the first orders
 * after a restart). Derby fails the statement, not the transaction, but the statement is the
 * insert the transaction needed: the transaction is rolled back and can be run again.
 */
public final class TransactionRollbacks {

    /** SQLSTATE class of a transaction the database rolled back. */
    public static final String TRANSACTION_ROLLBACK = "40";

    /** Derby's SQLSTATE "too much contention on sequence": a value of a sequence could not be allocated. */
    public static final String DERBY_SEQUENCE_CONTENTION = "X0Y84";

    private TransactionRollbacks() {
    }

    /**
     * @param failure an exception thrown by a statement, a flush or a commit, with its causes
     * @return the first {@link SQLException} among its causes whose SQLSTATE is of class
     *     {@value #TRANSACTION_ROLLBACK} or is {@value #DERBY_SEQUENCE_CONTENTION}, or null if there
     *     is none
     */
    public static SQLException rollbackCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && isRollbackState(sql.getSQLState())) {
                return sql;
            }
            if (t instanceof SQLException sql) {
                // a batch or a driver may chain the real cause as the next exception, not as the cause
                for (SQLException next = sql.getNextException(); next != null; next = next.getNextException()) {
                    if (isRollbackState(next.getSQLState())) {
                        return next;
                    }
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /**
     * @param failure an exception with its causes
     * @return true if {@link #rollbackCause} finds one
     */
    public static boolean isRollback(Throwable failure) {
        return rollbackCause(failure) != null;
    }

    private static boolean isRollbackState(String sqlState) {
        return sqlState != null && (sqlState.startsWith(TRANSACTION_ROLLBACK) || sqlState.equals(DERBY_SEQUENCE_CONTENTION));
    }
}
