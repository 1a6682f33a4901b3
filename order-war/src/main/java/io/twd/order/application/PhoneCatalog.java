package io.twd.order.application;

import io.twd.order.domain.model.phone.Phone;
import io.twd.order.domain.model.phone.PhoneRepository;
import io.twd.platform.infrastructure.messaging.IncomingEvent;
import io.twd.platform.infrastructure.messaging.ProcessedEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * The phones that can be ordered, learnt from the shop's {@code EqpRegistered} events (the order
 * service never calls the shop service).
 */
@ApplicationScoped
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
}
