package io.twd.shop.application;

import io.twd.platform.infrastructure.persistence.RetryOnContention;
import io.twd.shop.domain.model.phone.DuplicatePhoneException;
import io.twd.shop.domain.model.phone.Phone;
import io.twd.shop.domain.model.phone.PhoneFilter;
import io.twd.shop.domain.model.phone.PhoneRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Application service of the shop: registers phones and answers queries about them.
 * Each command runs in one JTA transaction covering the database and the published event.
 *
 * <p>A transaction the database rolls back for contention (a lock timeout, a deadlock) is run again, a
 * bounded number of times, before its failure reaches the caller ({@link RetryOnContention}).
 */
@ApplicationScoped
@RetryOnContention
public class PhoneService {

    @Inject
    PhoneRepository phones;

    @Inject
    ShopEvents events;

    /**
     * Registers a phone, free to order, and publishes {@code EqpRegistered} in the same
     * transaction: both happen or neither does.
     *
     * @param command what to register
     * @return the registered phone with its id, in status {@code OrderAvailable}
     * @throws DuplicatePhoneException if the shop already has a phone with this {@code eqpSernum}
     * @throws jakarta.persistence.PersistenceException if the phone or its event cannot be written
     *     (the event goes to the outbox); nothing is written
     */
    @Transactional
    public Phone register(RegisterPhone command) {
        if (phones.findByKey(command.shopId(), command.eqpSernum()).isPresent()) {
            throw new DuplicatePhoneException(command.shopId(), command.eqpSernum());
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Phone phone = Phone.register(command.shopId(), command.eqpNm(), command.eqpSernum(), now);
        phones.add(phone);
        events.publish(phone.registered(now));
        return phone;
    }

    /**
     * @param id the phone's id
     * @return the phone, or empty
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Phone> find(long id) {
        return phones.find(id);
    }

    /**
     * @param filter  the filters; null fields match everything
     * @param afterId only phones with a greater id (the last id of the page before); 0 for the first
     * @param offset  index of the first phone among those, 0 or more
     * @param limit   most phones to return, 1 or more
     * @return the matching phones in id order, and how many match the filter in all
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public PhoneList list(PhoneFilter filter, long afterId, int offset, int limit) {
        return new PhoneList(phones.search(filter, afterId, offset, limit), phones.count(filter));
    }

    /**
     * One window of a phone listing.
     *
     * @param phones the phones in the window
     * @param total  how many phones match the filter in all
     */
    public record PhoneList(List<Phone> phones, long total) {
    }
}
