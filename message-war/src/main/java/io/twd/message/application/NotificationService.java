package io.twd.message.application;

import io.twd.platform.infrastructure.logging.LogText;
import io.twd.message.domain.model.notification.Notification;
import io.twd.message.domain.model.notification.NotificationFilter;
import io.twd.message.domain.model.notification.NotificationRepository;
import io.twd.message.domain.model.notification.NotificationText;
import io.twd.platform.infrastructure.messaging.EventTracing;
import io.twd.platform.infrastructure.messaging.IncomingEvent;
import io.twd.platform.infrastructure.messaging.MalformedEventException;
import io.twd.platform.infrastructure.messaging.ProcessedEvents;
import io.twd.platform.infrastructure.persistence.RetryOnContention;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Application service of the message service (spec requirement 8: every order status change
 * notifies the customer): records one notification per change the customer sees, and answers
 * queries about them. Sending is {@link NotificationSender}'s job, after the commit.
 *
 * <p>One change, one e-mail (docs/events.md, "Which events notify"): {@code Ordered},
 * {@code OrderCancelled} and {@code DeliveryStarted} notify; {@code DeliveryCancelled} does
 * not, because a delivery is only ever cancelled by the cancellation of its order, whose
 * {@code OrderCancelled} already tells the customer.
 *
 * <p>A transaction the database rolls back for contention (a lock timeout, a deadlock) is run again, a
 * bounded number of times, before its failure reaches the caller ({@link RetryOnContention}).
 */
@ApplicationScoped
@RetryOnContention
public class NotificationService {

    private static final Logger LOG = Logger.getLogger(NotificationService.class.getName());

    /** The event types that produce a notification. */
    public static final Set<String> NOTIFYING_EVENT_TYPES = Set.of("Ordered", "OrderCancelled", "DeliveryStarted");

    /**
     * The order-status event types the service receives and records nothing for: the change
     * they report is told by another event's notification.
     */
    public static final Set<String> SILENT_EVENT_TYPES = Set.of("DeliveryCancelled");

    @Inject
    NotificationRepository notifications;

    @Inject
    ProcessedEvents processedEvents;

    @Inject
    Event<NotificationRecorded> recorded;

    @Inject
    EventTracing tracing;

    /**
     * Records the notification for an order-status event, in the caller's (the message-driven
     * bean's) transaction: {@code PENDING} if the event carries a {@code customerEmail},
     * {@code SKIPPED} otherwise. A redelivered event (same {@code eventId}) records nothing, nor
     * does a {@code DeliveryCancelled} ({@link #SILENT_EVENT_TYPES}).
     *
     * @param event an {@code Ordered}, {@code OrderCancelled}, {@code DeliveryStarted} or
     *     {@code DeliveryCancelled} event with a numeric {@code orderId}
     * @throws MalformedEventException for another event type or a missing {@code orderId}
     */
    @Transactional
    public void record(IncomingEvent event) {
        if (SILENT_EVENT_TYPES.contains(event.eventType())) {
            event.number("orderId");
            LOG.fine(() -> "No notification for " + LogText.quote(event.eventType()) + " " + event.eventId()
                    + ": the order's OrderCancelled tells the customer");
            return;
        }
        if (!NOTIFYING_EVENT_TYPES.contains(event.eventType())) {
            throw new MalformedEventException(event.eventId().toString(),
                    "unknown eventType '" + event.eventType() + "' for the message service");
        }
        long orderId = event.number("orderId");
        NotificationText text = NotificationText.of(event.eventType(), orderId, event.optionalString("eqpNm"),
                event.optionalNumber("deliveryId"));
        if (!processedEvents.firstDelivery(event)) {
            LOG.fine(() -> "Already recorded: " + LogText.quote(event.eventType()) + " " + event.eventId());
            return;
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Notification notification = Notification.record(event.eventId().toString(), event.eventType(),
                event.occurredAt(), orderId, event.optionalString("customerId"),
                event.optionalString("customerEmail"), text, now);
        notification.traceparent(tracing.currentTraceparent());
        notifications.add(notification);
        recorded.fire(new NotificationRecorded(notification.getId()));
    }

    /**
     * @param id a notification id
     * @return it, or empty
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Notification> find(long id) {
        return notifications.find(id);
    }

    /**
     * @param filter the filters
     * @param offset the first item, 0 or more
     * @param limit  most items, 1 or more
     * @return the matching notifications by id, and how many match in all
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public NotificationList list(NotificationFilter filter, int offset, int limit) {
        return new NotificationList(notifications.search(filter, offset, limit), notifications.count(filter));
    }

    /**
     * One window of a notification listing.
     *
     * @param notifications the notifications in the window
     * @param total         how many match in all
     */
    public record NotificationList(List<Notification> notifications, long total) {
    }
}
