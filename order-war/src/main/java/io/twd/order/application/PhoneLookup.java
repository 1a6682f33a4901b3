package io.twd.order.application;

import io.twd.order.domain.model.phone.Phone;
import io.twd.order.domain.model.phone.PhoneRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.TransactionalException;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Asks the shop service about a phone the order service has not heard of, so that a phone the
 * shop registered a moment ago is orderable even though its {@code EqpRegistered} event has not
 * reached the order service yet: the shop's answer ({@link Shops}) is stored
 * ({@link PhoneCatalog#learn}) and returned. {@link OrderService#place} calls it only when its
 * own read finds no phone, so a known phone costs nothing more.
 */
@ApplicationScoped
public class PhoneLookup {

    private static final Logger LOG = Logger.getLogger(PhoneLookup.class.getName());

    @Inject
    PhoneRepository phones;

    @Inject
    PhoneCatalog catalog;

    @Inject
    Shops shops;

    /**
     * @param shopId    the dealer shop
     * @param eqpSernum the serial number
     * @return the phone, now stored here; empty if the shop has no such phone
     * @throws ShopUnavailableException (503) if the shop cannot be asked now; nothing was changed
     */
    public Optional<Phone> askShop(long shopId, String eqpSernum) {
        Optional<Phone> registered = shops.find(shopId, eqpSernum);
        if (registered.isEmpty()) {
            return Optional.empty();
        }
        try {
            catalog.learn(registered.get());
        } catch (TransactionalException | PersistenceException concurrent) {
            // stored meanwhile by the catalogue consumer or a concurrent order: known either way
            LOG.log(Level.FINE, "Phone " + shopId + "/" + eqpSernum + " was stored concurrently", concurrent);
        }
        return phones.findByKey(shopId, eqpSernum).or(() -> registered);
    }
}
