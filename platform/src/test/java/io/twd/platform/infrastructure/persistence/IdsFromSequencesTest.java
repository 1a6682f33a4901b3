package io.twd.platform.infrastructure.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.twd.platform.infrastructure.persistence.IdsFromSequences.SequenceId;
import io.twd.testkit.PostgresServer;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.flywaydb.core.api.migration.Context;
import org.junit.jupiter.api.Test;

/**
 * {@link IdsFromSequences} on both databases the services run on: rows and ids are kept, the
 * identity is gone, each sequence starts above the highest id, constraints stay; and on Derby, why:
 * concurrent inserts contend for an identity column's range, not for ids from a sequence.
 */
class IdsFromSequencesTest {

    private static final SequenceId PARCEL = new SequenceId("parcel", "id", "pk_parcel", true, "parcel_seq", 50);

    /** The migration of the test's two tables: an aggregate's ids in blocks, and an outbox's positions. */
    static final class V3__parcel_ids extends IdsFromSequences {
        @Override
        protected List<SequenceId> sequenceIds() {
            return List.of(PARCEL, OUTBOX_POSITION);
        }
    }

    @Test
    void onDerbyTheRowsAndIdsStayAndNewIdsComeFromTheSequences() throws SQLException {
        try (Connection db = derby("ids-from-sequences")) {
            migratesKeepingRowsAndIds(db, "VALUES (NEXT VALUE FOR %s)");
        }
    }

    @Test
    void onPostgresqlTheRowsAndIdsStayAndNewIdsComeFromTheSequences() throws SQLException {
        assumeTrue(PostgresServer.binDir().isPresent(), "PostgreSQL is not installed (apt-get install postgresql)");
        // under target/: its folders are searchable by the user PostgreSQL runs as, a temporary folder's may not be
        try (PostgresServer postgres = PostgresServer.start(Path.of("target", "ids-from-sequences-postgres"), List.of("ids"));
             Connection db = DriverManager.getConnection(postgres.jdbcUrl("ids"), PostgresServer.USER,
                     PostgresServer.PASSWORD)) {
            migratesKeepingRowsAndIds(db, "SELECT nextval('%s')");
        }
    }

    /**
     * Derby's identity columns make concurrent inserts fail (40XL1) when an insert statement is
     * compiled while another transaction takes the next range of ids; after the migration the same
     * load, with ids taken in blocks from the sequence as JPA does, commits every transaction.
     */
    @Test
    void onDerbyConcurrentInsertsContendForAnIdentityRangeButNotForASequence() throws Exception {
        try (Connection db = derby("ids-contention")) {
            createTables(db);
            Map<String, AtomicLong> before = insertConcurrently(db, null);
            assertThat(before).as("rolled back by SQLSTATE, identity column").isNotEmpty()
                    .allSatisfy((state, n) -> assertThat(state).startsWith("40"));

            migrate(db);

            Map<String, AtomicLong> after = insertConcurrently(db, new BlockAllocator(PARCEL));
            assertThat(after).as("rolled back by SQLSTATE, ids from the sequence").isEmpty();
        }
    }

    private static void migratesKeepingRowsAndIds(Connection db, String nextValue) throws SQLException {
        createTables(db);
        try (Statement sql = db.createStatement()) {
            sql.execute("INSERT INTO parcel (label) VALUES ('first'), ('second'), ('third')");
            sql.execute("DELETE FROM parcel WHERE label = 'second'");
            sql.execute("INSERT INTO outbox_event (event_id) VALUES ('e1'), ('e2')");
        }

        migrate(db);

        assertEquals(List.of("1 first", "3 third"), rows(db, "SELECT id, label FROM parcel ORDER BY id"));
        assertEquals(List.of("1 e1", "2 e2"), rows(db, "SELECT seq_no, event_id FROM outbox_event ORDER BY seq_no"));
        try (Statement sql = db.createStatement()) {
            // no identity and no default left: the id is the inserter's to give
            SQLException noId = assertThrows(SQLException.class,
                    () -> sql.execute("INSERT INTO parcel (label) VALUES ('fourth')"));
            assertEquals("23502", noId.getSQLState(), noId.getMessage());
            assertThrows(SQLException.class, () -> sql.execute("INSERT INTO outbox_event (event_id) VALUES ('e3')"));
            // a block of 50 after the highest id (EclipseLink takes a value as the last id of its block)
            assertEquals(List.of("53"), rows(db, String.format(nextValue, "parcel_seq")));
            assertEquals(List.of("103"), rows(db, String.format(nextValue, "parcel_seq")));
            // positions one by one after the highest
            assertEquals(List.of("3"), rows(db, String.format(nextValue, "outbox_event_seq")));
            // the constraints are there again
            assertEquals("23505", assertThrows(SQLException.class,
                    () -> sql.execute("INSERT INTO parcel (id, label) VALUES (3, 'again')")).getSQLState());
            assertEquals("23505", assertThrows(SQLException.class,
                    () -> sql.execute("INSERT INTO outbox_event (seq_no, event_id) VALUES (2, 'e4')")).getSQLState());
        }
    }

    private static void createTables(Connection db) throws SQLException {
        try (Statement sql = db.createStatement()) {
            sql.execute("CREATE TABLE parcel (id BIGINT NOT NULL GENERATED BY DEFAULT AS IDENTITY,"
                    + " label VARCHAR(20) NOT NULL, CONSTRAINT pk_parcel PRIMARY KEY (id))");
            sql.execute("CREATE TABLE outbox_event (seq_no BIGINT NOT NULL GENERATED ALWAYS AS IDENTITY,"
                    + " event_id VARCHAR(36) NOT NULL, CONSTRAINT pk_outbox_event PRIMARY KEY (event_id),"
                    + " CONSTRAINT uk_outbox_event_seq_no UNIQUE (seq_no))");
        }
    }

    private static void migrate(Connection db) throws SQLException {
        Context context = (Context) Proxy.newProxyInstance(IdsFromSequencesTest.class.getClassLoader(),
                new Class<?>[] {Context.class}, (proxy, method, args) ->
                        method.getName().equals("getConnection") ? db : null);
        boolean autoCommit = db.getAutoCommit();
        db.setAutoCommit(false);  // as Flyway runs it: one transaction
        new V3__parcel_ids().migrate(context);
        db.commit();
        db.setAutoCommit(autoCommit);
    }

    /**
     * 24 writers for 3 s, each transaction inserting one parcel with a statement compiled for it
     * (as after a restart, or when the database's statement cache dropped the insert).
     *
     * @param ids null to leave the id to the identity column, else where ids come from
     * @return the SQLSTATEs of the transactions that failed, with their counts
     */
    private static Map<String, AtomicLong> insertConcurrently(Connection db, BlockAllocator ids) throws Exception {
        String url = db.getMetaData().getURL();
        Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
        AtomicLong label = new AtomicLong();
        long end = System.nanoTime() + 3_000_000_000L;
        ExecutorService writers = Executors.newFixedThreadPool(24);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 24; w++) {
                done.add(writers.submit(() -> {
                    try (Connection mine = DriverManager.getConnection(url); Statement sql = mine.createStatement()) {
                        mine.setAutoCommit(false);
                        while (System.nanoTime() < end) {
                            String text = "p" + label.incrementAndGet();
                            try {
                                sql.executeUpdate(ids == null
                                        ? "INSERT INTO parcel (label) VALUES ('" + text + "')"
                                        : "INSERT INTO parcel (id, label) VALUES (" + ids.next(mine) + ", '" + text + "')");
                                mine.commit();
                            } catch (SQLException e) {
                                failures.computeIfAbsent(e.getSQLState(), s -> new AtomicLong()).incrementAndGet();
                                mine.rollback();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> writer : done) {
                writer.get();
            }
        } finally {
            writers.shutdownNow();
        }
        return failures;
    }

    /** Ids in blocks from a sequence, as EclipseLink's {@code @SequenceGenerator(allocationSize)} takes them. */
    private static final class BlockAllocator {
        private final SequenceId id;
        private long next = 1;
        private long last = 0;

        BlockAllocator(SequenceId id) {
            this.id = id;
        }

        synchronized long next(Connection connection) throws SQLException {
            if (next > last) {
                try (Statement sql = connection.createStatement();
                     ResultSet value = sql.executeQuery("VALUES (NEXT VALUE FOR " + id.sequence() + ")")) {
                    value.next();
                    last = value.getLong(1);
                    next = last - id.allocationSize() + 1;
                }
            }
            return next++;
        }
    }

    private static Connection derby(String name) throws SQLException {
        var dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName("memory:" + name);
        dataSource.setCreateDatabase("create");
        return dataSource.getConnection();
    }

    private static List<String> rows(Connection db, String query) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement sql = db.createStatement(); ResultSet result = sql.executeQuery(query)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> row = new ArrayList<>();
                for (int c = 1; c <= columns; c++) {
                    row.add(result.getString(c));
                }
                rows.add(String.join(" ", row));
            }
        }
        return rows;
    }
}
