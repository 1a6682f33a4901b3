package io.twd.platform.infrastructure.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;

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
            return false;
        }
        em.persist(new ProcessedEvent(event, Instant.now()));
        return true;
    }
}
