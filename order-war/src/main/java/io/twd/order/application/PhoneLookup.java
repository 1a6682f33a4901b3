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
 * Makes sure the order service knows a phone before an order for it is placed: a phone the
 * shop registered a moment ago is orderable even though its {@code EqpRegistered} event has
 * not reached the order service yet. Known phones cost one read; an unknown one is asked of the
 * shop service ({@link Shops}) and stored ({@link PhoneCatalog#learn}).
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
     * @return true if the order service knows the phone now (it did, or the shop confirmed it);
     *     false if the shop has no such phone
     * @throws ShopUnavailableException (503) if the phone is unknown here and the shop cannot be
     *     asked now; nothing was changed
     */
    public boolean ensureKnown(long shopId, String eqpSernum) {
        if (phones.findByKey(shopId, eqpSernum).isPresent()) {
            return true;
        }
        Optional<Phone> registered = shops.find(shopId, eqpSernum);
        if (registered.isEmpty()) {
            return false;
        }
        try {
            catalog.learn(registered.get());
        } catch (TransactionalException | PersistenceException concurrent) {
            // stored meanwhile by the catalogue consumer or a concurrent order: known either way
            LOG.log(Level.FINE, "Phone " + shopId + "/" + eqpSernum + " was stored concurrently", concurrent);
            if (phones.findByKey(shopId, eqpSernum).isEmpty()) {
                throw concurrent;
            }
        }
        return true;
    }
}
