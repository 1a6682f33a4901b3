package io.twd.shop.application;

import io.twd.platform.infrastructure.logging.LogText;
import io.twd.platform.infrastructure.messaging.IncomingEvent;
import io.twd.platform.infrastructure.messaging.MalformedEventException;
import io.twd.platform.infrastructure.messaging.ProcessedEvents;
import io.twd.platform.infrastructure.persistence.RetryOnContention;
import io.twd.shop.domain.model.phone.EqpStatusChanged;
import io.twd.shop.domain.model.phone.OrderStage;
import io.twd.shop.domain.model.phone.Phone;
import io.twd.shop.domain.model.phone.PhoneOrder;
import io.twd.shop.domain.model.phone.PhoneOrderRepository;
import io.twd.shop.domain.model.phone.PhoneRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The shop's policy on order and delivery events (spec requirements 3, 4 and 6): {@code Ordered}
 * reserves the phone ({@code eqpStatus} {@code Ordered} with the {@code orderId}),
 * {@code OrderCancelled} frees it ({@code OrderAvailable}), {@code DeliveryStarted} marks it
 * {@code Shipped}; every change publishes {@link EqpStatusChanged} on the shop topic.
 *
 * <p>Order-tolerant: each event only advances what the shop knows about its order
 * ({@link PhoneOrder}); the phone's status is then derived from all of its orders, so an
 * {@code OrderCancelled} or {@code DeliveryStarted} that arrives before its {@code Ordered} is
 * not lost and the phone ends in the same status whatever the arrival order. Idempotent: an
 * event id already applied changes nothing.
 *
 * <p>A transaction the database rolls back for contention (a lock timeout, a deadlock) is run again, a
 * bounded number of times, before its failure reaches the caller ({@link RetryOnContention}).
 */
@ApplicationScoped
@RetryOnContention
public class PhoneStatusPolicy {

    private static final Logger LOG = Logger.getLogger(PhoneStatusPolicy.class.getName());

    @Inject
    PhoneRepository phones;

    @Inject
    PhoneOrderRepository orders;

    @Inject
    ProcessedEvents processedEvents;

    @Inject
    ShopEvents events;

    /**
     * Applies one order or delivery event, in the caller's (the message-driven bean's)
     * transaction or a new one: the effect, the published {@link EqpStatusChanged} events and
     * the record of the event id commit together.
     *
     * @param event an {@code Ordered}, {@code OrderCancelled} or {@code DeliveryStarted} event
     *     carrying {@code orderId}, {@code shopId} (numbers) and {@code eqpSernum} (string)
     * @throws MalformedEventException if the event type is not one of these or a field is missing
     * @throws jakarta.persistence.PersistenceException if the phone's lock cannot be had (a
     *     deadlock or timeout; the transaction rolls back and the broker redelivers)
     */
    @Transactional
    public void apply(IncomingEvent event) {
        OrderStage reported = stageOf(event);
        long orderId = event.number("orderId");
        long shopId = event.number("shopId");
        String eqpSernum = event.string("eqpSernum");
        if (!processedEvents.firstDelivery(event)) {
            LOG.fine(() -> "Already applied: " + LogText.quote(event.eventType()) + " " + event.eventId());
            return;
        }
        // Lock the phone first: the events of one phone are applied one after the other.
        Optional<Phone> phone = phones.findByKey(shopId, eqpSernum);
        phone.ifPresent(phones::claim);
        Optional<PhoneOrder> known = orders.find(orderId);
        if (known.isPresent()) {
            known.get().advance(reported, event.occurredAt());
        } else {
            orders.add(new PhoneOrder(orderId, shopId, eqpSernum, reported, event.occurredAt()));
        }
        if (phone.isEmpty()) {
            LOG.warning(() -> LogText.quote(event.eventType()) + " " + event.eventId() + " of order " + orderId
                    + " names no phone of this service: shop " + shopId + ", eqpSernum " + eqpSernum
                    + "; recorded, phone unchanged");
            return;
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (EqpStatusChanged change : phone.get().follow(orders.forPhone(shopId, eqpSernum), now)) {
            events.publish(change);
        }
    }

    private static OrderStage stageOf(IncomingEvent event) {
        return switch (event.eventType()) {
            case "Ordered" -> OrderStage.Ordered;
            case "OrderCancelled" -> OrderStage.Cancelled;
            case "DeliveryStarted" -> OrderStage.Shipped;
            default -> throw new MalformedEventException(event.eventId().toString(),
                    "unknown eventType '" + event.eventType() + "' for the shop");
        };
    }
}
