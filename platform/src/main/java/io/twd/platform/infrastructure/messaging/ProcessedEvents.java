package io.twd.platform.infrastructure.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
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
 * Requires exactly one persistence unit in the WAR, listing {@link ProcessedEvent}.
 */
@ApplicationScoped
public class ProcessedEvents {

    private static final Logger LOG = Logger.getLogger(ProcessedEvents.class.getName());

    /** What the log says of a redelivered event that this consumer had applied already. */
    public static final String DUPLICATE_DROPPED = "dropped as a duplicate";

    @PersistenceContext
    EntityManager em;

    /**
     * Records the event as applied, unless it already was.
     *
     * @param event a received event
     * @return true the first time this event id is seen (apply it now); false for a redelivery
     * @throws jakarta.transaction.TransactionalException if called outside a transaction
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstDelivery(IncomingEvent event) {
        if (em.find(ProcessedEvent.class, event.eventId().toString()) != null) {
            LOG.info(() -> "Event " + event.eventId() + " (" + event.eventType() + ") was applied before: "
                    + DUPLICATE_DROPPED);
            return false;
        }
        em.persist(new ProcessedEvent(event, Instant.now()));
        return true;
    }
}
