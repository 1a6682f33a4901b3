package io.twd.platform.infrastructure.messaging;

import io.twd.platform.infrastructure.persistence.SchemaMigration;
import io.twd.platform.testing.SchemaUpgrade;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * An in-memory Derby database with the outbox of a publishing service, made by the order
 * service's own migrations and the platform's outbox migrations, as an order server makes it, for
 * tests of {@link OutboxBatch} outside a server.
 *
 * <p>A server runs each call of {@link OutboxBatch} in a JTA transaction of its own; the batches
 * made here do the same with a local transaction: every connection the batch opens during the
 * call is the one connection of that transaction, committed when the call returns and rolled
 * back when it throws.
 */
final class OutboxDatabase {

    private static final Path MIGRATIONS = Path.of("..", "order-war", "src", "main", "resources", "db", "migration");

    private final SchemaUpgrade database;
    private final DataSource dataSource;
    private final ThreadLocal<Connection> transaction = new ThreadLocal<>();
    private jakarta.persistence.EntityManagerFactory persistenceUnit;

    private static OutboxDatabase shared;

    /**
     * @return the JVM's outbox database, emptied: no event, the relay lock never taken (one
     *     database for every test: mutation testing runs the tests again and again in one JVM)
     */
    static synchronized OutboxDatabase emptied() throws SQLException {
        if (shared == null) {
            shared = new OutboxDatabase("outbox");
        }
        shared.execute("DELETE FROM outbox_event");
        shared.execute("DELETE FROM processed_event");
        shared.execute("UPDATE outbox_relay SET locked_at = NULL");
        return shared;
    }

    private OutboxDatabase(String name) {
        database = SchemaUpgrade.derbyInMemory(name);
        dataSource = database.dataSource();
        if (!Files.isDirectory(MIGRATIONS.resolve("common"))) {
            throw new IllegalStateException("no " + MIGRATIONS.toAbsolutePath() + ": run the tests from platform/");
        }
        Flyway.configure().dataSource(dataSource)
                .locations("filesystem:" + MIGRATIONS.resolve("common"), "filesystem:" + MIGRATIONS.resolve("derby"),
                        "classpath:" + SchemaMigration.OUTBOX_LOCATION)
                .load().migrate();
    }

    /**
     * @return a batch of this database's outbox that sends through {@code transport}; each of its
     *     calls runs in a transaction of its own, as the server's {@code REQUIRES_NEW} makes it
     */
    OutboxBatch batch(OutboxTransport transport) {
        OutboxBatch batch = new OutboxBatch() {
            @Override
            Relayed relayNext(int max, int maxAttempts) {
                return inTransaction(() -> super.relayNext(max, maxAttempts));
            }

            @Override
            long parked() {
                return inTransaction(super::parked);
            }

            @Override
            long waiting() {
                return inTransaction(super::waiting);
            }
        };
        batch.dataSource = transactional();
        batch.transport = transport;
        return batch;
    }

    /**
     * Runs work in a local transaction: every connection taken from {@link #transactional()}
     * meanwhile is that transaction's, committed when the work returns, rolled back when it throws.
     */
    private <T> T inTransaction(java.util.function.Supplier<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            transaction.set(connection);
            try {
                T result = work.get();
                connection.commit();
                return result;
            } catch (RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                transaction.remove();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes an event to the outbox, as {@link EventPublisher} does (committed at once).
     *
     * @param topic the topic
     * @return the event's id
     */
    String write(String topic) throws SQLException {
        return write(topic, "Ordered", "1", null, null);
    }

    /**
     * Writes an event to the outbox, as {@link EventPublisher} does (committed at once).
     *
     * @param topic         the topic
     * @param eventType     its type
     * @param correlationId its correlation id, or null
     * @param traceparent   its W3C traceparent, or null
     * @param tracestate    its W3C tracestate, or null
     * @return the event's id; its payload is {@code {"eventId":"<id>"}}
     */
    String write(String topic, String eventType, String correlationId, String traceparent, String tracestate)
            throws SQLException {
        String eventId = UUID.randomUUID().toString();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO outbox_event (event_id, topic,"
                     + " event_type, correlation_id, traceparent, tracestate, payload, created_at)"
                     + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, eventId);
            insert.setString(2, topic);
            insert.setString(3, eventType);
            insert.setString(4, correlationId);
            insert.setString(5, traceparent);
            insert.setString(6, tracestate);
            insert.setString(7, "{\"eventId\":\"" + eventId + "\"}");
            insert.setTimestamp(8, Timestamp.from(Instant.now()));
            insert.executeUpdate();
        }
        return eventId;
    }

    /**
     * Opens a persistence unit of the test class path on this database, resource-local (see
     * {@link SchemaUpgrade#persistenceUnit}); one per JVM, kept open.
     *
     * @param unit the unit's name
     * @return its entity manager factory
     */
    synchronized jakarta.persistence.EntityManagerFactory persistenceUnit(String unit) {
        if (persistenceUnit == null) {
            persistenceUnit = database.persistenceUnit(unit);
        }
        return persistenceUnit;
    }

    /**
     * Makes the next {@link #write} take this {@code seq_no} (the identity restarts there).
     *
     * @param seqNo the next sequence number
     */
    void nextSeqNo(long seqNo) throws SQLException {
        execute("ALTER TABLE outbox_event ALTER COLUMN seq_no RESTART WITH " + seqNo);
    }

    /**
     * @return the event ids of the waiting events in the order the relay's query returns them
     *     without its {@code ORDER BY} (a scan of the table)
     */
    List<String> unorderedScan() throws SQLException {
        return strings("SELECT event_id, topic, payload, created_at FROM outbox_event WHERE parked_at IS NULL");
    }

    /** @return the event ids of the outbox in {@code seq_no} order */
    List<String> seqNoOrder() throws SQLException {
        return strings("SELECT event_id FROM outbox_event ORDER BY seq_no");
    }

    /** An outbox row's bookkeeping. */
    record Row(String eventId, int attempts, String lastError, boolean parked) {
    }

    /** @return every row of the outbox in {@code seq_no} order */
    List<Row> rows() throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(
                     "SELECT event_id, attempts, last_error, parked_at FROM outbox_event ORDER BY seq_no")) {
            while (result.next()) {
                rows.add(new Row(result.getString(1), result.getInt(2), result.getString(3),
                        result.getTimestamp(4) != null));
            }
        }
        return rows;
    }

    /** @return when the relay lock was last taken, or null if never */
    Timestamp lockedAt() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT locked_at FROM outbox_relay WHERE name = 'relay'")) {
            result.next();
            return result.getTimestamp(1);
        }
    }

    void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private List<String> strings(String query) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(query)) {
            while (result.next()) {
                values.add(result.getString(1));
            }
        }
        return values;
    }

    /**
     * @return a data source whose connections, inside {@link #inTransaction}, are that transaction's
     *     (closing one leaves the transaction open, as a JTA connection handle does)
     */
    private DataSource transactional() {
        return new DataSource() {
            @Override
            public Connection getConnection() {
                Connection connection = transaction.get();
                if (connection == null) {
                    throw new IllegalStateException("not in a transaction");
                }
                return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                        new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                            if ("close".equals(method.getName())) {
                                return null;
                            }
                            try {
                                return method.invoke(connection, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
            }

            @Override
            public Connection getConnection(String user, String password) {
                return getConnection();
            }

            @Override
            public PrintWriter getLogWriter() {
                return null;
            }

            @Override
            public void setLogWriter(PrintWriter out) {
                // no log
            }

            @Override
            public void setLoginTimeout(int seconds) {
                // not used
            }

            @Override
            public int getLoginTimeout() {
                return 0;
            }

            @Override
            public Logger getParentLogger() {
                return Logger.getGlobal();
            }

            @Override
            public <T> T unwrap(Class<T> type) throws SQLException {
                throw new SQLException("not a wrapper");
            }

            @Override
            public boolean isWrapperFor(Class<?> type) {
                return false;
            }
        };
    }
}
