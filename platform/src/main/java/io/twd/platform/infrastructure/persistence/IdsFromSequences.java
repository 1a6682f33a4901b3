package io.twd.platform.infrastructure.persistence;

import io.twd.platform.infrastructure.messaging.OutboxEvent;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * A versioned Flyway migration (a Java one: the start of each sequence depends on the data)
 * that takes ids off identity columns and gives each a sequence instead, keeping every row and
 * its id: the next id a sequence gives is above the highest one in use.
 *
 * <p>Why: Apache Derby serialises the inserts of a table with an identity column on the table's
 * identity range. A transaction that compiles a statement touching the table holds a lock on the
 * range's catalog row until it ends, and a concurrent insert that needs a new range then fails
 * at once with {@code 40XL1} (seen at 16 to 32 concurrent writers; {@code docs/benchmarks.md}).
 * A sequence read by its own statement ({@code VALUES NEXT VALUE FOR}) does not meet that lock,
 * and JPA's {@code @SequenceGenerator} with an {@code allocationSize} of N reads it once per N
 * ids. PostgreSQL takes the same change, so that both databases number rows alike.
 *
 * <p>For each {@link SequenceId}, on Derby (which cannot drop the identity property of a column):
 * a new column takes the ids, the old column and the constraint on it are dropped, the new column
 * is renamed, made NOT NULL and given the constraint again; on PostgreSQL the column's identity
 * is dropped. Then the sequence is created with {@code INCREMENT BY} the allocation size and
 * {@code START WITH} the highest id plus the allocation size: EclipseLink takes the value a
 * sequence returns as the last of a block of {@code allocationSize} ids, so the first block
 * starts right above the highest id.
 *
 * <p>A service names its columns in a subclass called {@code V<n>__<description>} in the package
 * {@code db.migration.common} of its WAR, beside its SQL migrations.
 */
public abstract class IdsFromSequences extends BaseJavaMigration {

    /**
     * The ids an aggregate's {@code @SequenceGenerator} takes from one value of its sequence (its
     * {@code allocationSize}, the sequence's increment): one sequence read per 50 new rows.
     */
    public static final int BLOCK_SIZE = 50;

    /**
     * The outbox's position column ({@code outbox_event.seq_no}, unique), from the sequence
     * {@value OutboxEvent#SEQUENCE} one value at a time ({@link OutboxEvent}).
     */
    public static final SequenceId OUTBOX_POSITION = new SequenceId("outbox_event", "seq_no",
            "uk_outbox_event_seq_no", false, OutboxEvent.SEQUENCE, 1);

    /**
     * An identity column that becomes a column filled from a sequence.
     *
     * @param table          the table, e.g. {@code delivery}
     * @param column         its identity column, e.g. {@code id}
     * @param constraint     the name of the primary key or unique constraint on that column alone,
     *                       e.g. {@code pk_delivery}
     * @param primaryKey     true if that constraint is the primary key, false if it is a unique constraint
     * @param sequence       the new sequence, e.g. {@code delivery_seq}
     * @param allocationSize the ids JPA takes from one value of the sequence (its
     *                       {@code @SequenceGenerator(allocationSize)}), 1 or more: the
     *                       sequence's increment
     */
    public record SequenceId(String table, String column, String constraint, boolean primaryKey, String sequence,
                             int allocationSize) {

        /**
         * @throws IllegalArgumentException if the allocation size is below 1
         */
        public SequenceId {
            if (allocationSize < 1) {
                throw new IllegalArgumentException("allocationSize must be 1 or more: " + allocationSize);
            }
        }
    }

    /**
     * @return the identity columns of the service's tables, each with its new sequence
     */
    protected abstract List<SequenceId> sequenceIds();

    /**
     * @param context Flyway's connection to the service's database, in the migration's transaction
     * @throws SQLException if a statement fails (the migration is rolled back)
     * @throws IllegalStateException if the database is neither Derby nor PostgreSQL
     */
    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        boolean derby = product.contains("derby");
        if (!derby && !product.contains("postgresql")) {
            throw new IllegalStateException("No migration of identity columns for " + product);
        }
        try (Statement sql = connection.createStatement()) {
            for (SequenceId id : sequenceIds()) {
                long highest = highest(sql, id);
                if (derby) {
                    moveOffIdentity(sql, id);
                } else {
                    sql.execute("ALTER TABLE " + id.table() + " ALTER COLUMN " + id.column() + " DROP IDENTITY");
                }
                sql.execute("CREATE SEQUENCE " + id.sequence() + (derby ? " AS BIGINT" : "")
                        + " START WITH " + (highest + id.allocationSize()) + " INCREMENT BY " + id.allocationSize());
            }
        }
    }

    private static long highest(Statement sql, SequenceId id) throws SQLException {
        try (ResultSet max = sql.executeQuery("SELECT MAX(" + id.column() + ") FROM " + id.table())) {
            max.next();
            return Math.max(0, max.getLong(1));
        }
    }

    /** Derby: the same ids in a plain column of the same name, with the same constraint. */
    private static void moveOffIdentity(Statement sql, SequenceId id) throws SQLException {
        String moved = id.column() + "_moved";
        sql.execute("ALTER TABLE " + id.table() + " ADD COLUMN " + moved + " BIGINT");
        sql.execute("UPDATE " + id.table() + " SET " + moved + " = " + id.column());
        sql.execute("ALTER TABLE " + id.table() + " DROP CONSTRAINT " + id.constraint());
        sql.execute("ALTER TABLE " + id.table() + " DROP COLUMN " + id.column() + " RESTRICT");
        sql.execute("RENAME COLUMN " + id.table() + "." + moved + " TO " + id.column());
        sql.execute("ALTER TABLE " + id.table() + " ALTER COLUMN " + id.column() + " NOT NULL");
        sql.execute("ALTER TABLE " + id.table() + " ADD CONSTRAINT " + id.constraint()
                + (id.primaryKey() ? " PRIMARY KEY (" : " UNIQUE (") + id.column() + ")");
    }
}
