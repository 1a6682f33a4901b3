package io.twd.platform.infrastructure.messaging;

import io.twd.platform.infrastructure.logging.LogText;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.logging.Logger;

/**
 * Idempotent consumers: remembers which events this service applied, in its own database and
 * in the transaction of the effect. Usage in a consumer's application service:
 *
 * <pre>{@code
 * if (!processedEvents.firstDelivery(event)) return;  // a redelivery: already applied
 * ... apply the effect ...
 * }</pre>
 *
 * <p>The record is one conditional insert into {@code processed_event} (the table of
 * {@link ProcessedEvent}), whose primary key is the event id: the statement adds the row only if
 * no row has the id, and its update count says which happened. One statement on the primary key's
 * index, no read before it and nothing held in the persistence context. Two deliveries of one
 * event at the same moment cannot both insert: the second fails on the key, its transaction rolls
 * back and the broker redelivers it, and then it finds the row.
 *
 * <p>Requires exactly one persistence unit in the WAR, whose database has the table (each
 * service's first migration creates it).
 */
@ApplicationScoped
public class ProcessedEvents {

    private static final Logger LOG = Logger.getLogger(ProcessedEvents.class.getName());

    /** What the log says of a redelivered event that this consumer had applied already. */
    public static final String DUPLICATE_DROPPED = "dropped as a duplicate";

    /**
     * Inserts the event's row unless its id is there; standard SQL that Derby and PostgreSQL both
     * run (typed parameters in the select list, a one-row {@code VALUES} table).
     */
    static final String INSERT_IF_ABSENT = "INSERT INTO processed_event (event_id, event_type, processed_at)"
            + " SELECT CAST(? AS VARCHAR(36)), CAST(? AS VARCHAR(60)), CURRENT_TIMESTAMP FROM (VALUES (1)) AS one (x)"
            + " WHERE NOT EXISTS (SELECT 1 FROM processed_event WHERE event_id = ?)";

    @PersistenceContext
    EntityManager em;

    /** For CDI. */
    public ProcessedEvents() {
    }

    /**
     * Outside a container (tests): records through the given entity manager, whose transaction the
     * caller begins and ends.
     *
     * @param em an entity manager of the service's persistence unit
     */
    public ProcessedEvents(EntityManager em) {
        this.em = em;
    }

    /**
     * Records the event as applied, unless it already was.
     *
     * @param event a received event
     * @return true the first time this event id is seen (apply it now); false for a redelivery
     * @throws jakarta.transaction.TransactionalException if called outside a transaction
     * @throws jakarta.persistence.PersistenceException if the database refuses the insert (among
     *         others when another transaction inserted the same id at the same moment); the
     *         transaction is then marked for rollback
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstDelivery(IncomingEvent event) {
        String id = event.eventId().toString();
        int inserted = em.createNativeQuery(INSERT_IF_ABSENT)
                .setParameter(1, id)
                .setParameter(2, event.eventType())
                .setParameter(3, id)
                .executeUpdate();
        if (inserted == 0) {
            LOG.info(() -> "Event " + id + " (" + LogText.quote(event.eventType()) + ") was applied before: "
                    + DUPLICATE_DROPPED);
            return false;
        }
        return true;
    }
}
