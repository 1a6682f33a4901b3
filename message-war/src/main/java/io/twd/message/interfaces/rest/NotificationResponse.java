package io.twd.message.interfaces.rest;

import io.twd.message.domain.model.notification.Channel;
import io.twd.message.domain.model.notification.Notification;
import io.twd.message.domain.model.notification.NotificationStatus;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;

/**
 * A notification as the REST API shows it.
 *
 * @param id            its id in the message service
 * @param eventId       the event it is about
 * @param eventType     {@code Ordered}, {@code OrderCancelled}, {@code DeliveryStarted} or {@code DeliveryCancelled}
 * @param orderId       the order
 * @param customerId    the customer (absent if the event named none)
 * @param channel       {@code EMAIL}
 * @param recipient     the e-mail address (absent when {@code SKIPPED})
 * @param subject       the e-mail subject
 * @param text          the message text
 * @param status        {@code PENDING}, {@code SENT}, {@code FAILED} or {@code SKIPPED}
 * @param attempts      send attempts started so far
 * @param lastError     the last failure, in our own words (absent if none; never the mail server's answer)
 * @param occurredAt    when the status change happened (ISO-8601, UTC)
 * @param createdAt     when the notification was recorded
 * @param updatedAt     when it last changed
 * @param sentAt        when the SMTP server accepted it (absent until {@code SENT})
 * @param nextAttemptAt when the next attempt is due (absent unless {@code PENDING})
 */
@JsonbPropertyOrder({"id", "eventId", "eventType", "orderId", "customerId", "channel", "recipient", "subject", "text",
        "status", "attempts", "lastError", "occurredAt", "createdAt", "updatedAt", "sentAt", "nextAttemptAt"})
public record NotificationResponse(long id, String eventId, String eventType, long orderId, String customerId,
                                   Channel channel, String recipient, String subject, String text,
                                   NotificationStatus status, int attempts, String lastError, Instant occurredAt,
                                   Instant createdAt, Instant updatedAt, Instant sentAt, Instant nextAttemptAt) {

    /**
     * @param n a persisted notification
     * @return its REST representation
     */
    public static NotificationResponse of(Notification n) {
        return new NotificationResponse(n.getId(), n.getEventId(), n.getEventType(), n.getOrderId(),
                n.getCustomerId(), n.getChannel(), n.getRecipient(), n.getSubject(), n.getText(), n.getStatus(),
                n.getAttempts(), n.getLastError(), n.getOccurredAt(), n.getCreatedAt(), n.getUpdatedAt(),
                n.getSentAt(), n.getNextAttemptAt());
    }
}
