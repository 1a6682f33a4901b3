package io.twd.platform.infrastructure.messaging;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * One batch of the {@link OutboxRelay}, in one database transaction of its own: takes the
 * service's relay lock (the row {@code relay} of {@code outbox_relay}, so that the servers of one
 * service sharing a database send one batch at a time and in order) unless the outbox is empty,
 * reads the oldest events of the outbox, has {@link OutboxTransport} send them, and deletes them.
 *
 * <p>If the server dies after the broker took a batch and before the deletion committed, the
 * next batch sends those events again; the broker drops them as duplicates (their event id is
 * the duplicate detection id), and consumers would drop them too (idempotent consumers).
 */
@ApplicationScoped
class OutboxBatch {

    private static final String LOCK = "UPDATE outbox_relay SET locked_at = CURRENT_TIMESTAMP WHERE name = 'relay'";
    private static final String OLDEST = "SELECT event_id, topic, event_type, correlation_id, traceparent, tracestate,"
            + " payload, created_at FROM outbox_event ORDER BY seq_no FETCH FIRST %d ROWS ONLY";
    private static final String ANY = "SELECT seq_no FROM outbox_event FETCH FIRST 1 ROWS ONLY";
    private static final String DELETE = "DELETE FROM outbox_event WHERE event_id = ?";

    // a reference (java:comp/env): the server's jdbc/twd, or the data source the one server binds to the service
    @Resource(name = "jdbc/twd")
    DataSource dataSource;

    @Inject
    OutboxTransport transport;

    /**
     * Sends the oldest events of the outbox and deletes them.
     *
     * @param max the most events to send (at least 1)
     * @return how many were sent and deleted: 0 when the outbox was empty
     * @throws PersistenceException if the database fails (nothing deleted)
     * @throws jakarta.jms.JMSRuntimeException if the broker does not take the batch (nothing deleted)
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    int relayNext(int max) {
        List<OutboxEvent> oldest = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            try (Statement any = connection.createStatement(); ResultSet row = any.executeQuery(ANY)) {
                if (!row.next()) {
                    return 0;  // nothing to send: no lock taken, nothing written (the idle poll)
                }
            }
            try (Statement lock = connection.createStatement()) {
                if (lock.executeUpdate(LOCK) != 1) {
                    throw new PersistenceException("outbox_relay has no row 'relay': is the outbox migration applied?");
                }
            }
            try (Statement select = connection.createStatement();
                 ResultSet rows = select.executeQuery(String.format(OLDEST, max))) {
                while (rows.next()) {
                    oldest.add(new OutboxEvent(rows.getString(1), rows.getString(2), rows.getString(3),
                            rows.getString(4), rows.getString(5), rows.getString(6), rows.getString(7),
                            rows.getTimestamp(8).toInstant()));
                }
            }
        } catch (SQLException e) {
            throw new PersistenceException("Cannot read the outbox: " + e.getMessage(), e);
        }
        if (oldest.isEmpty()) {
            return 0;
        }
        transport.send(oldest);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement(DELETE)) {
            for (OutboxEvent event : oldest) {
                delete.setString(1, event.getEventId());
                delete.addBatch();
            }
            delete.executeBatch();
        } catch (SQLException e) {
            throw new PersistenceException("Cannot delete sent events from the outbox: " + e.getMessage(), e);
        }
        return oldest.size();
    }
}
