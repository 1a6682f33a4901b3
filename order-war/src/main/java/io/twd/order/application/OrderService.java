package io.twd.order.application;

import io.twd.order.domain.model.customer.ActiveOrderLimitException;
import io.twd.order.domain.model.customer.CustomerRepository;
import io.twd.order.domain.model.order.IdempotencyKeyReusedException;
import io.twd.order.domain.model.order.Order;
import io.twd.order.domain.model.order.OrderRepository;
import io.twd.order.domain.model.order.OrderStatus;
import io.twd.order.domain.model.order.PhoneAlreadyOrderedException;
import io.twd.order.domain.model.order.PlacementKey;
import io.twd.order.domain.model.order.PlacementKeyRepository;
import io.twd.order.domain.model.phone.Phone;
import io.twd.order.domain.model.phone.PhoneRepository;
import io.twd.order.domain.model.phone.UnknownPhoneException;
import io.twd.platform.domain.NotFoundException;
import io.twd.platform.domain.UnsupportedStateTransitionException;
import io.twd.platform.infrastructure.messaging.IncomingEvent;
import io.twd.platform.infrastructure.messaging.ProcessedEvents;
import io.twd.platform.infrastructure.persistence.RetryOnContention;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Application service of the order: places, cancels and lists orders, and applies delivery's
 * events. Each command runs in one JTA transaction on the order database that also writes its
 * event to the outbox, so an order is committed if and only if its event is published.
 *
 * <p>A transaction the database rolls back for contention (a lock timeout, a deadlock) is run again, a
 * bounded number of times, before its failure reaches the caller ({@link RetryOnContention}).
 */
@ApplicationScoped
@RetryOnContention
public class OrderService {

    @Inject
    OrderRepository orders;

    @Inject
    PhoneRepository phones;

    @Inject
    PhoneLookup phoneLookup;

    @Inject
    PlacementKeyRepository placementKeys;

    @Inject
    CustomerRepository customers;

    /** How many active orders (neither shipped nor cancelled) one customer may have; 1 or more. */
    @Inject
    @ConfigProperty(name = "order.active-orders.max", defaultValue = "3")
    int activeOrdersMax;

    @Inject
    Deliveries deliveries;

    @Inject
    OrderEvents events;

    @Inject
    ProcessedEvents processedEvents;

    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    TransactionSynchronizationRegistry transactions;

    /**
     * Places an order (spec requirement 2): holds the phone, opens its delivery synchronously, then
     * commits the order as {@code Ordered} and publishes {@code Ordered}, all in one transaction.
     * If anything fails after delivery was asked, the transaction rolls back (no order, no event)
     * and the delivery request is discarded. A customer may have at most
     * {@code order.active-orders.max} (default 3) active orders: the customer is locked for the
     * count, so concurrent orders of one customer are counted one after the other.
     *
     * @param command        the order
     * @param idempotencyKey the client's {@code Idempotency-Key}, or null
     * @param limited        whether the customer's active orders are limited (false for staff and
     *                       managers)
     * @return the placed order, or the order the key's first request placed ({@code replayed})
     * @throws ActiveOrderLimitException (409) if the customer has {@code order.active-orders.max}
     *     active orders already
     * @throws UnknownPhoneException (422) if the shop never registered this phone or it has another model name
     * @throws PhoneAlreadyOrderedException (409) if the phone has an active order
     * @throws IdempotencyKeyReusedException (422) if the key was used for a different request
     * @throws io.twd.order.domain.model.order.PlacementKeyTakenException if a concurrent request with
     *     the same key got there first (call {@link #replay} after this transaction ended)
     * @throws ShopUnavailableException (503) if the phone is new to this service and the shop
     *     cannot be asked now
     * @throws DeliveryUnavailableException (503) if delivery cannot open the delivery now
     */
    @Transactional
    public Placement place(PlaceOrder command, String idempotencyKey, boolean limited) {
        PlacementKey key = null;
        if (idempotencyKey != null) {
            Optional<Placement> earlier = replay(idempotencyKey, command);
            if (earlier.isPresent()) {
                return earlier.get();
            }
            key = new PlacementKey(idempotencyKey, command.fingerprint(), now());
            placementKeys.add(key);
        }
        if (limited) {
            customers.lockForPlacing(command.customerId());
            if (orders.countActive(command.customerId()) >= activeOrdersMax) {
                throw new ActiveOrderLimitException(activeOrdersMax);
            }
        }
        Phone phone = phones.findByKey(command.shopId(), command.eqpSernum())
                .or(() -> phoneLookup.askShop(command.shopId(), command.eqpSernum()))
                .orElseThrow(() -> new UnknownPhoneException(command.shopId(), command.eqpSernum(), ""));
        if (!phone.getEqpNm().equals(command.eqpNm())) {
            throw new UnknownPhoneException(command.shopId(), command.eqpSernum(),
                    " of model " + command.eqpNm() + " (it is a " + phone.getEqpNm() + ")");
        }
        if (orders.findActive(command.shopId(), command.eqpSernum()).isPresent()) {
            throw new PhoneAlreadyOrderedException(command.shopId(), command.eqpSernum());
        }
        Order order = Order.place(command.customerId(), command.customerEmail(), command.shopId(),
                command.eqpNm(), command.eqpSernum(), now());
        orders.add(order);
        discardDeliveryUnlessCommitted(order.getId());
        long deliveryId = deliveries.open(order);  // never null
        events.publish(order.confirm(deliveryId, now()));
        if (key != null) {
            key.placed(order.getId());
        }
        return new Placement(order, false);
    }

    /**
     * The result of an earlier placement with this key, for a retried request.
     *
     * @param idempotencyKey the client's key
     * @param command        the retried request, compared with the first
     * @return the order the first request placed, as {@code replayed}; empty if the key is unknown
     * @throws IdempotencyKeyReusedException (422) if the key was used for a different request
     */
    @Transactional
    public Optional<Placement> replay(String idempotencyKey, PlaceOrder command) {
        return placementKeys.find(idempotencyKey).map(key -> {
            if (!key.getFingerprint().equals(command.fingerprint())) {
                throw new IdempotencyKeyReusedException(idempotencyKey);
            }
            Order order = orders.find(key.getOrderId()).orElseThrow(() -> new NotFoundException("order", key.getOrderId()));
            return new Placement(order, true);
        });
    }

    /**
     * Cancels an order (spec requirement 5). Delivery decides first (synchronously), so that a
     * cancel racing a ship ends in exactly one of the two; only then the order commits
     * {@code OrderCancelled} and frees the phone. Cancelling a cancelled order changes nothing.
     *
     * @param orderId the order's id
     * @return the order, now {@code OrderCancelled}
     * @throws NotFoundException (404) if there is no such order
     * @throws UnsupportedStateTransitionException (409) if the phone has shipped
     * @throws DeliveryUnavailableException (503) if delivery cannot decide now; nothing changed
     */
    @Transactional
    public Order cancel(long orderId) {
        Order order = orders.findForUpdate(orderId).orElseThrow(() -> new NotFoundException("order", orderId));
        if (order.getOrderStatus() == OrderStatus.OrderCancelled) {
            return order;
        }
        order.checkCancellable();
        if (deliveries.cancel(orderId) == Deliveries.CancelOutcome.ALREADY_SHIPPED) {
            throw new UnsupportedStateTransitionException("order", "DeliveryStarted", "cancel");
        }
        order.cancel(now()).ifPresent(events::publish);
        orders.flush();
        return order;
    }

    /**
     * Applies {@code DeliveryStarted}: the order is shipped and can no longer be cancelled.
     *
     * @param event   the received event, for de-duplication
     * @param orderId the order's id
     * @throws NotFoundException if there is no such order (the message is then redelivered, then dead-lettered)
     */
    @Transactional
    public void onDeliveryStarted(IncomingEvent event, long orderId) {
        if (!processedEvents.firstDelivery(event)) {
            return;
        }
        orders.findForUpdate(orderId).orElseThrow(() -> new NotFoundException("order", orderId))
                .deliveryStarted(now());
    }

    /**
     * Applies {@code DeliveryCancelled}: completes the order's cancellation if it is not cancelled yet.
     *
     * @param event   the received event, for de-duplication
     * @param orderId the order's id
     * @throws NotFoundException if there is no such order
     */
    @Transactional
    public void onDeliveryCancelled(IncomingEvent event, long orderId) {
        if (!processedEvents.firstDelivery(event)) {
            return;
        }
        orders.findForUpdate(orderId).orElseThrow(() -> new NotFoundException("order", orderId))
                .deliveryCancelled(now()).ifPresent(events::publish);
    }

    /**
     * @param id the order's id
     * @return the order, or empty
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Order> find(long id) {
        return orders.find(id);
    }

    /**
     * @param customerId only this customer's orders; null for all
     * @param offset     first index, 0 or more
     * @param limit      page size, 1 or more
     * @return the window in id order and the total
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public OrderList list(String customerId, int offset, int limit) {
        return new OrderList(orders.search(customerId, offset, limit), orders.count(customerId));
    }

    /**
     * Delivery may have opened a request for this order (even if the call timed out): if the
     * transaction does not commit, ask delivery to discard it, after the rollback.
     */
    private void discardDeliveryUnlessCommitted(long orderId) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                // nothing to do before the outcome is known
            }

            @Override
            public void afterCompletion(int status) {
                if (status != Status.STATUS_COMMITTED) {
                    deliveries.discard(orderId);
                }
            }
        });
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * Result of {@link #place}.
     *
     * @param order    the order
     * @param replayed true if an earlier request with the same {@code Idempotency-Key} placed it
     */
    public record Placement(Order order, boolean replayed) {
    }

    /**
     * One window of an order listing.
     *
     * @param orders the orders in the window
     * @param total  how many match in all
     */
    public record OrderList(List<Order> orders, long total) {
    }
}
