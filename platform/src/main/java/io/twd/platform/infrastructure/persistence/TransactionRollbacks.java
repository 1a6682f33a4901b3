package io.twd.platform.infrastructure.persistence;

import java.sql.SQLException;
import java.util.Set;

/**
 * Recognises a transaction that the database itself rolled back because concurrent transactions
 * contended for the same data, by its SQLSTATE: {@value #SERIALIZATION_FAILURE} (ISO/IEC 9075-2,
 * §24.1, class 40 "transaction rollback", subclass "serialization failure": Derby's deadlock
 * victim, PostgreSQL's serialization failure), {@value #POSTGRESQL_DEADLOCK} (PostgreSQL's deadlock
 * victim), {@value #DERBY_LOCK_TIMEOUT} and {@value #DERBY_LOCK_TIMEOUT_WITH_TABLE} (Derby's lock
 * timeouts). After such a failure nothing of the transaction was applied, and running it again is
 * the standard remedy ({@link ContentionRetryInterceptor}).
 *
 * <p>One more state means the same: Derby's {@value #DERBY_SEQUENCE_CONTENTION}, a sequence whose
 * next range of values Derby could not allocate because concurrent transactions were allocating
 * it too (it happens when many transactions need a fresh range at once, e.g. the first orders
 * after a restart). Derby fails the statement, not the transaction, but the statement is the
 * insert the transaction needed: the transaction is rolled back and can be run again.
 *
 * <p>The rest of class 40 is not contention and is not recognised: an integrity constraint
 * violated at commit ({@code 40002}) fails again when run again, a statement whose completion is
 * unknown ({@code 40003}) needs its outcome read first, and Derby's {@code 40XT*}, {@code 40XD*}
 * and {@code 40XC*} report a transaction, container or statement in a state no retry mends.
 */
public final class TransactionRollbacks {

    /** SQLSTATE "serialization failure": Derby's deadlock victim, PostgreSQL's serialization failure. */
    public static final String SERIALIZATION_FAILURE = "40001";

    /** PostgreSQL's SQLSTATE "deadlock detected": the victim's transaction was rolled back. */
    public static final String POSTGRESQL_DEADLOCK = "40P01";

    /** Derby's SQLSTATE "a lock could not be obtained within the time requested". */
    public static final String DERBY_LOCK_TIMEOUT = "40XL1";

    /** Derby's lock timeout, reported with the lock table (derby.locks.deadlockTrace). */
    public static final String DERBY_LOCK_TIMEOUT_WITH_TABLE = "40XL2";

    /** Derby's SQLSTATE "too much contention on sequence": a value of a sequence could not be allocated. */
    public static final String DERBY_SEQUENCE_CONTENTION = "X0Y84";

    private TransactionRollbacks() {
    }

    /**
     * @param failure an exception thrown by a statement, a flush or a commit, with its causes
     * @return the first {@link SQLException} among its causes (and their chained next exceptions)
     *     whose SQLSTATE is one of contention: {@value #SERIALIZATION_FAILURE},
     *     {@value #POSTGRESQL_DEADLOCK}, {@value #DERBY_LOCK_TIMEOUT},
     *     {@value #DERBY_LOCK_TIMEOUT_WITH_TABLE} or {@value #DERBY_SEQUENCE_CONTENTION}; null if
     *     there is none
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

    private static final Set<String> CONTENTION = Set.of(SERIALIZATION_FAILURE, POSTGRESQL_DEADLOCK, DERBY_LOCK_TIMEOUT,
            DERBY_LOCK_TIMEOUT_WITH_TABLE, DERBY_SEQUENCE_CONTENTION);

    private static boolean isRollbackState(String sqlState) {
        return sqlState != null && CONTENTION.contains(sqlState);
    }
}
