package io.twd.platform.infrastructure.persistence;

import java.sql.SQLException;

/**
 * Recognises database constraint violations in JPA exceptions, across the databases the
 * services run on (Derby and PostgreSQL both report SQLSTATE class 23, "integrity constraint
 * violation", and 23505 for a unique key).
 */
public final class ConstraintViolations {

    /** SQLSTATE of a unique or primary key violation (SQL standard, Derby, PostgreSQL). */
    public static final String UNIQUE_VIOLATION = "23505";

    private ConstraintViolations() {
    }

    /**
     * @param failure an exception thrown by a flush or commit
     * @return true if any cause is a {@link SQLException} with SQLSTATE {@value #UNIQUE_VIOLATION}
     */
    public static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
