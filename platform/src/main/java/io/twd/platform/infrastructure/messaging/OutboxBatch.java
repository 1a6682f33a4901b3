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
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * One batch of the {@link OutboxRelay}, in one database transaction of its own: takes the
 * service's relay lock (the row {@code relay} of {@code outbox_relay}, so that the servers of one
 * service sharing a database send one batch at a time and in order) unless nothing is waiting,
 * reads the oldest waiting events of the outbox (in {@code seq_no} order), has
 * {@link OutboxTransport} send them, and deletes those the broker took.
 *
 * <p>If the server dies after the broker took a batch and before the deletion committed, the
 * next batch sends those events again; the broker drops them as duplicates (their event id is
 * the duplicate detection id), and consumers would drop them too (idempotent consumers).
 *
 * <p>An event the broker refuses while it answers otherwise (a poison event: e.g. a topic the
 * service may not publish to) counts an attempt in its row ({@code attempts}, with the broker's
 * answer in {@code last_error}); the events behind it wait, so that none overtakes it. At
 * {@code max-attempts} attempts it is parked ({@code parked_at} set, logged as a warning): it
 * stays in the outbox for an operator and is never sent again by itself, and the events behind
 * it go on. A failure of the broker itself (down, hanging) counts no attempt.
 */
@ApplicationScoped
class OutboxBatch {

    private static final Logger LOG = Logger.getLogger(OutboxBatch.class.getName());

    /** What the log says when it parks an event. */
    static final String PARKED = "parked in the outbox";

    private static final String LOCK = "UPDATE outbox_relay SET locked_at = CURRENT_TIMESTAMP WHERE name = 'relay'";
    private static final String OLDEST = "SELECT event_id, topic, event_type, correlation_id, traceparent, tracestate,"
            + " payload, created_at, attempts FROM outbox_event WHERE parked_at IS NULL ORDER BY seq_no"
            + " FETCH FIRST %d ROWS ONLY";
    private static final String ANY = "SELECT seq_no FROM outbox_event WHERE parked_at IS NULL FETCH FIRST 1 ROWS ONLY";
    private static final String DELETE = "DELETE FROM outbox_event WHERE event_id = ?";
    private static final String REFUSED = "UPDATE outbox_event SET attempts = attempts + 1, last_error = ?"
            + " WHERE event_id = ?";
    private static final String PARK = "UPDATE outbox_event SET attempts = attempts + 1, last_error = ?,"
            + " parked_at = CURRENT_TIMESTAMP WHERE event_id = ?";
    private static final String COUNT_PARKED = "SELECT COUNT(*) FROM outbox_event WHERE parked_at IS NOT NULL";
    private static final String COUNT_WAITING = "SELECT COUNT(*) FROM outbox_event WHERE parked_at IS NULL";
    private static final int ERROR_LENGTH = 1000;

    // a reference (java:comp/env): the server's jdbc/twd, or the data source the one server binds to the service
    @Resource(name = "jdbc/twd")
    DataSource dataSource;

    @Inject
    OutboxTransport transport;

    /**
     * What one batch did.
     *
     * @param read   how many waiting events it read (0: nothing was waiting)
     * @param sent   how many of them the broker took, now deleted
     * @param parked how many it parked (0 or 1)
     */
    record Relayed(int read, int sent, int parked) {

        /**
         * @param max the batch's size
         * @return true if more events may be waiting and can be sent at once: the batch was full
         *     and all of it sent, or it parked an event (whose followers it did not send)
         */
        boolean moreAtOnce(int max) {
            return parked > 0 || (read == max && sent == read);
        }
    }

    /**
     * Sends the oldest waiting events of the outbox and deletes those the broker took; counts an
     * attempt for an event the broker refused, and parks it at {@code maxAttempts}.
     *
     * @param max         the most events to send (at least 1)
     * @param maxAttempts after how many refusals an event is parked (at least 1)
     * @return what was read, sent and parked
     * @throws PersistenceException if the database fails (nothing deleted)
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    Relayed relayNext(int max, int maxAttempts) {
        try (Connection connection = dataSource.getConnection()) {
            List<OutboxEvent> oldest = new ArrayList<>();
            List<Integer> attempts = new ArrayList<>();
            try (Statement any = connection.createStatement(); ResultSet row = any.executeQuery(ANY)) {
                if (!row.next()) {
                    return new Relayed(0, 0, 0);  // nothing to send: no lock taken, nothing written (the idle poll)
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
                    attempts.add(rows.getInt(9));
                }
            }
            if (oldest.isEmpty()) {
                return new Relayed(0, 0, 0);
            }
            OutboxTransport.Outcome outcome = transport.send(oldest);
            delete(connection, oldest.subList(0, outcome.sent()));
            int parked = 0;
            if (!outcome.complete()) {
                OutboxEvent failed = oldest.get(outcome.sent());
                if (outcome.refused()) {
                    parked = refused(connection, failed, attempts.get(outcome.sent()) + 1, maxAttempts, outcome);
                } else {
                    LOG.log(Level.INFO, "Outbox: the broker did not take event " + failed.getEventId() + " ("
                            + outcome.failure().getMessage() + "); it and the events behind it stay in the outbox"
                            + " for the next poll");
                }
            }
            return new Relayed(oldest.size(), outcome.sent(), parked);
        } catch (SQLException e) {
            throw new PersistenceException("Cannot relay the outbox: " + e.getMessage(), e);
        }
    }

    /**
     * @return how many events are parked in the outbox now
     * @throws PersistenceException if the database fails
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    long parked() {
        return count(COUNT_PARKED, "parked");
    }

    /**
     * @return how many events wait in the outbox to be sent now (not parked): the relay's backlog
     * @throws PersistenceException if the database fails
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    long waiting() {
        return count(COUNT_WAITING, "waiting");
    }

    private long count(String query, String which) {
        try (Connection connection = dataSource.getConnection();
             Statement count = connection.createStatement();
             ResultSet row = count.executeQuery(query)) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new PersistenceException("Cannot count the " + which + " events of the outbox: " + e.getMessage(), e);
        }
    }

    private static void delete(Connection connection, List<OutboxEvent> sent) throws SQLException {
        if (sent.isEmpty()) {
            return;
        }
        try (PreparedStatement delete = connection.prepareStatement(DELETE)) {
            for (OutboxEvent event : sent) {
                delete.setString(1, event.getEventId());
                delete.addBatch();
            }
            delete.executeBatch();
        }
    }

    /** Counts the refusal in the event's row, parking it at {@code maxAttempts}; returns 1 if parked. */
    private static int refused(Connection connection, OutboxEvent event, int attempt, int maxAttempts,
                               OutboxTransport.Outcome outcome) throws SQLException {
        String error = String.valueOf(outcome.failure().getMessage());
        boolean park = attempt >= maxAttempts;
        try (PreparedStatement update = connection.prepareStatement(park ? PARK : REFUSED)) {
            update.setString(1, error.length() > ERROR_LENGTH ? error.substring(0, ERROR_LENGTH) : error);
            update.setString(2, event.getEventId());
            update.executeUpdate();
        }
        if (park) {
            LOG.warning("Outbox: the broker refused event " + event.getEventId() + " (" + event.getEventType()
                    + " to " + event.getTopic() + ") " + attempt + " times (" + error + "): " + PARKED
                    + " (parked_at set); the events behind it go on. Resend it after fixing the cause with"
                    + " UPDATE outbox_event SET parked_at = NULL, attempts = 0 WHERE event_id = '"
                    + event.getEventId() + "'");
            return 1;
        }
        LOG.info("Outbox: the broker refused event " + event.getEventId() + " (" + event.getEventType() + " to "
                + event.getTopic() + "), attempt " + attempt + " of " + maxAttempts + " (" + error
                + "); the events behind it wait");
        return 0;
    }
}
