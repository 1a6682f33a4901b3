package io.twd.shop.application;

import io.twd.platform.testing.InMemory;
import io.twd.shop.domain.model.phone.EqpStatusChanged;
import io.twd.shop.domain.model.phone.Phone;
import io.twd.shop.domain.model.phone.PhoneFilter;
import io.twd.shop.domain.model.phone.PhoneOrder;
import io.twd.shop.domain.model.phone.PhoneOrderRepository;
import io.twd.shop.domain.model.phone.PhoneRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The real {@link PhoneStatusPolicy} over in-memory phones and orders, for the consumer contract
 * tests: the phones registered with {@link #register}, the events it publishes in {@link #published}.
 */
public final class InMemoryPhones {

    private final Map<String, Phone> phones = new HashMap<>();
    private final Map<Long, PhoneOrder> orders = new HashMap<>();
    private final List<EqpStatusChanged> published = new ArrayList<>();
    private final PhoneStatusPolicy policy = new PhoneStatusPolicy();

    /** A shop with no phone yet. */
    public InMemoryPhones() {
        policy.phones = new PhoneRepository() {
            @Override
            public void add(Phone phone) {
                phones.put(phone.getShopId() + "/" + phone.getEqpSernum(), phone);
            }

            @Override
            public Optional<Phone> find(long id) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Optional<Phone> findByKey(long shopId, String eqpSernum) {
                return Optional.ofNullable(phones.get(shopId + "/" + eqpSernum));
            }

            @Override
            public List<Phone> search(PhoneFilter filter, long afterId, int offset, int limit) {
                throw new UnsupportedOperationException();
            }

            @Override
            public long count(PhoneFilter filter) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void claim(Phone phone) {
                // one thread: nothing to lock
            }
        };
        policy.orders = new PhoneOrderRepository() {
            @Override
            public Optional<PhoneOrder> find(long orderId) {
                return Optional.ofNullable(orders.get(orderId));
            }

            @Override
            public void add(PhoneOrder order) {
                orders.put(order.getOrderId(), order);
            }

            @Override
            public List<PhoneOrder> forPhone(long shopId, String eqpSernum) {
                return orders.values().stream()
                        .filter(o -> o.getShopId() == shopId && o.getEqpSernum().equals(eqpSernum)).toList();
            }
        };
        policy.processedEvents = InMemory.processedEvents();
        policy.events = event -> published.add((EqpStatusChanged) event);
    }

    /**
     * @param shopId    the dealer shop
     * @param eqpSernum the serial number
     * @return this, with a phone of that key (model galaxy_s21), orderable
     */
    public InMemoryPhones register(long shopId, String eqpSernum) {
        policy.phones.add(Phone.register(shopId, "galaxy_s21", eqpSernum, Instant.parse("2026-12-01T09:00:00Z")));
        return this;
    }

    /** @return the policy */
    public PhoneStatusPolicy policy() {
        return policy;
    }

    /** @return each status change published, as {@code <eqpSernum> <eqpStatus>}, in order */
    public List<String> published() {
        return published.stream().map(change -> change.eqpSernum() + " " + change.eqpStatus()).toList();
    }

    /**
     * @param orderId an order
     * @return the stage the shop knows it at, or null
     */
    public String stageOf(long orderId) {
        PhoneOrder order = orders.get(orderId);
        return order == null ? null : order.getStage().name();
    }
}
