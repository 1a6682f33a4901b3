package io.twd.order.application;

import io.twd.order.domain.model.phone.Phone;
import io.twd.order.domain.model.phone.PhoneRepository;
import io.twd.platform.infrastructure.messaging.IncomingEvent;
import io.twd.platform.infrastructure.messaging.ProcessedEvents;
import io.twd.platform.infrastructure.persistence.RetryOnContention;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * The phones that can be ordered, learnt from the shop's {@code EqpRegistered} events, and from
 * the shop service itself when an order names a phone whose event has not arrived yet
 * ({@link PhoneLookup}). Both ways are idempotent with each other: a phone is stored once.
 *
 * <p>A transaction the database rolls back for contention (a lock timeout, a deadlock) is run again, a
 * bounded number of times, before its failure reaches the caller ({@link RetryOnContention}).
 */
@ApplicationScoped
@RetryOnContention
public class PhoneCatalog {

    @Inject
    PhoneRepository phones;

    @Inject
    ProcessedEvents processedEvents;

    /**
     * Applies {@code EqpRegistered}: the phone becomes orderable. Ignored if the event or the
     * phone is already known.
     *
     * @param event the received event, for de-duplication
     * @param phone the registered phone
     */
    @Transactional
    public void onEqpRegistered(IncomingEvent event, Phone phone) {
        if (!processedEvents.firstDelivery(event)) {
            return;
        }
        if (phones.find(phone.getPhoneId()).isEmpty()
                && phones.findByKey(phone.getShopId(), phone.getEqpSernum()).isEmpty()) {
            phones.add(phone);
        }
    }

    /**
     * Stores a phone the shop service confirmed, in a transaction of its own (committed before
     * the order that needs it), unless it is known already.
     *
     * @param phone the phone as the shop registered it
     * @throws jakarta.transaction.TransactionalException if the commit failed, e.g. because a
     *     concurrent lookup or the catalogue consumer stored the same phone first
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void learn(Phone phone) {
        if (phones.find(phone.getPhoneId()).isEmpty()
                && phones.findByKey(phone.getShopId(), phone.getEqpSernum()).isEmpty()) {
            phones.add(phone);
        }
    }
}
