package io.twd.delivery.application;

import io.twd.delivery.domain.model.delivery.ConflictingDeliveryException;
import io.twd.delivery.domain.model.delivery.Delivery;
import io.twd.delivery.domain.model.delivery.DeliveryOrder;
import io.twd.delivery.domain.model.delivery.DeliveryRepository;
import io.twd.delivery.domain.model.delivery.DeliveryStatus;
import io.twd.platform.domain.NotFoundException;
import io.twd.platform.infrastructure.messaging.IncomingEvent;
import io.twd.platform.infrastructure.messaging.ProcessedEvents;
import io.twd.platform.infrastructure.persistence.RetryOnContention;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Application service of the delivery: opens deliveries for the order service, ships them for
 * shop staff, cancels and discards them, and applies the order service's events. Each command
 * runs in one JTA transaction covering the database and the published event.
 *
 * <p>A transaction the database rolls back for contention (a lock timeout, a deadlock) is run again, a
 * bounded number of times, before its failure reaches the caller ({@link RetryOnContention}).
 */
@ApplicationScoped
@RetryOnContention
public class DeliveryService {

    private static final Logger LOG = Logger.getLogger(DeliveryService.class.getName());

    @Inject
    DeliveryRepository deliveries;

    @Inject
    DeliveryEvents events;

    @Inject
    ProcessedEvents processedEvents;

    /**
     * Opens the delivery of an order, idempotently: a repeated request for the same order (same
     * customer, shop and phone) returns the delivery the first one opened, whatever its status.
     *
     * @param order the order, not yet committed by the order service
     * @return the delivery and whether this call created it
     * @throws ConflictingDeliveryException (409) if the order already has a delivery for another
     *     customer, shop or phone; nothing changes
     * @throws io.twd.delivery.domain.model.delivery.DuplicateDeliveryException if a concurrent request
     *     for the same order won the race (the caller may simply repeat the request)
     */
    @Transactional
    public Opened request(DeliveryOrder order) {
        Optional<Delivery> existing = deliveries.findByOrderId(order.orderId());
        if (existing.isPresent()) {
            if (!existing.get().isFor(order)) {
                throw new ConflictingDeliveryException(order.orderId());
            }
            return new Opened(existing.get(), false);
        }
        Delivery delivery = Delivery.request(order, now());
        deliveries.add(delivery);
        return new Opened(delivery, true);
    }

    /**
     * Shop staff ship a delivery; publishes {@code DeliveryStarted}.
     *
     * @param deliveryId the delivery's id
     * @return the delivery, now {@link DeliveryStatus#DeliveryStarted}
     * @throws NotFoundException (404) if there is no such delivery
     * @throws io.twd.platform.domain.UnsupportedStateTransitionException (409) unless it is confirmed
     * @throws jakarta.persistence.OptimisticLockException if a concurrent command changed it first
     */
    @Transactional
    public Delivery start(long deliveryId) {
        Delivery delivery = deliveries.find(deliveryId).orElseThrow(() -> new NotFoundException("delivery", deliveryId));
        events.publish(delivery.start(now()));
        deliveries.flush();
        return delivery;
    }

    /**
     * Cancels an order's delivery (the order service asks, synchronously, before it commits the
     * cancellation); publishes {@code DeliveryCancelled} the first time.
     *
     * @param orderId the order's id
     * @return the delivery, now {@link DeliveryStatus#DeliveryCancelled}
     * @throws NotFoundException (404) if the order has no delivery
     * @throws io.twd.platform.domain.UnsupportedStateTransitionException (409) if it has shipped
     * @throws jakarta.persistence.OptimisticLockException if a concurrent command changed it first
     */
    @Transactional
    public Delivery cancel(long orderId) {
        Delivery delivery = deliveries.findByOrderId(orderId)
                .orElseThrow(() -> new NotFoundException("delivery for order", orderId));
        delivery.cancel(now()).ifPresent(events::publish);
        deliveries.flush();
        return delivery;
    }

    /**
     * Discards the request of an order that did not commit (the order service's compensation).
     *
     * @param orderId the order's id
     * @return the discarded delivery, or empty if the order never had one
     * @throws io.twd.platform.domain.UnsupportedStateTransitionException (409) if it is confirmed,
     *     started or cancelled: its order did commit
     */
    @Transactional
    public Optional<Delivery> discard(long orderId) {
        Optional<Delivery> delivery = deliveries.findByOrderId(orderId);
        delivery.ifPresent(d -> d.discard(now()));
        deliveries.flush();
        return delivery;
    }

    /**
     * Discards requests that waited longer than {@code ttl} for their order's {@code Ordered}
     * event: their order did not commit. At most {@code limit} per call.
     *
     * @param ttl   how long a request may stay unconfirmed
     * @param limit most requests to discard in this call
     * @return the requests discarded, now {@code DeliveryDiscarded}; at most {@code limit}
     */
    @Transactional
    public List<Delivery> expireUnconfirmed(Duration ttl, int limit) {
        Instant now = now();
        List<Delivery> expired = deliveries.unconfirmedBefore(now.minus(ttl), limit);
        expired.forEach(d -> d.discard(now));
        return expired;
    }

    /**
     * Applies {@code Ordered}: the order is committed, its delivery becomes shippable (created if
     * its request never reached this service). Ignored if already applied.
     *
     * @param event the received event, for de-duplication
     * @param order the order it describes
     */
    @Transactional
    public void onOrdered(IncomingEvent event, DeliveryOrder order) {
        if (!processedEvents.firstDelivery(event)) {
            return;
        }
        Optional<Delivery> existing = deliveries.findByOrderId(order.orderId());
        if (existing.isPresent()) {
            existing.get().confirm(now());
        } else {
            deliveries.add(Delivery.confirmedFor(order, now()));
        }
    }

    /**
     * Applies {@code OrderCancelled}: normally the delivery is already cancelled (the order service
     * asked synchronously), so this is a safety net. A shipped delivery is left as it is and logged:
     * it cannot be cancelled, and that is the shipping decision this service already made.
     *
     * @param event   the received event, for de-duplication
     * @param orderId the cancelled order's id
     */
    @Transactional
    public void onOrderCancelled(IncomingEvent event, long orderId) {
        if (!processedEvents.firstDelivery(event)) {
            return;
        }
        deliveries.findByOrderId(orderId).ifPresent(delivery -> {
            if (delivery.getDeliveryStatus() == DeliveryStatus.DeliveryStarted) {
                LOG.warning("OrderCancelled " + event.eventId() + " for order " + orderId
                        + " whose delivery " + delivery.getId() + " has shipped; left as shipped");
                return;
            }
            delivery.cancel(now()).ifPresent(events::publish);
        });
    }

    /**
     * @param id the delivery's id
     * @return the delivery, or empty
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Delivery> find(long id) {
        return deliveries.find(id);
    }

    /**
     * @param orderId        only this order's; null for all
     * @param deliveryStatus only this status; null for all
     * @param offset         first index, 0 or more
     * @param limit          page size, 1 or more
     * @return the window in id order and the total
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public DeliveryList list(Long orderId, DeliveryStatus deliveryStatus, int offset, int limit) {
        return new DeliveryList(deliveries.search(orderId, deliveryStatus, offset, limit),
                deliveries.count(orderId, deliveryStatus));
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * Result of {@link #request}.
     *
     * @param delivery the order's delivery
     * @param created  true if this call opened it, false if it existed
     */
    public record Opened(Delivery delivery, boolean created) {
    }

    /**
     * One window of a delivery listing.
     *
     * @param deliveries the deliveries in the window
     * @param total      how many match in all
     */
    public record DeliveryList(List<Delivery> deliveries, long total) {
    }
}
