package io.twd.message.application;

import io.twd.message.domain.model.notification.Notification;
import io.opentelemetry.api.trace.SpanKind;
import io.twd.platform.infrastructure.messaging.EventTracing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sends the pending notifications by e-mail, outside any consumer transaction: claims each
 * due one (counting the attempt), sends it, then marks it {@code SENT}; a failed attempt is
 * retried with exponential backoff and marked {@code FAILED} after
 * {@code message.retry.max-attempts}. Safe to run concurrently and on several servers: a
 * notification is only sent by the sender that claimed it.
 *
 * <p>Delivery is at least once towards the SMTP server: if the server dies after the SMTP
 * server accepted a message but before it is marked {@code SENT}, it is sent again after the
 * claim's lease ({@code message.sender.lease-ms}), with the same {@code Message-ID}
 * ({@link #messageId}), so that the copy is recognisably the same e-mail.
 *
 * <p>Each attempt is a CLIENT span {@code smtp send} in the trace of the event that recorded the
 * notification (its stored {@code traceparent}; {@link EventTracing#inSpan}).
 */
@ApplicationScoped
public class NotificationSender {

    private static final Logger LOG = Logger.getLogger(NotificationSender.class.getName());

    @Inject
    NotificationOutbox outbox;

    @Inject
    MailGateway mail;

    @Inject
    EventTracing tracing;

    @Inject
    @ConfigProperty(name = "message.retry.max-attempts", defaultValue = "5")
    int maxAttempts;

    @Inject
    @ConfigProperty(name = "message.retry.initial-delay-ms", defaultValue = "2000")
    long initialDelayMs;

    @Inject
    @ConfigProperty(name = "message.sender.lease-ms", defaultValue = "60000")
    long leaseMs;

    @Inject
    @ConfigProperty(name = "message.sender.batch", defaultValue = "50")
    int batch;

    /**
     * Sends every notification due now (at most {@code message.sender.batch} per call).
     *
     * @return how many were sent successfully
     */
    public int sendDue() {
        int sent = 0;
        for (Long id : outbox.due(now(), batch)) {
            Optional<Notification> claimed = outbox.claim(id, now(), Duration.ofMillis(leaseMs));
            if (claimed.isEmpty()) {
                continue;
            }
            Notification n = claimed.get();
            try {
                tracing.inSpan("smtp send", SpanKind.CLIENT, n.getTraceparent(), () -> {
                    mail.send(messageId(n), n.getRecipient(), n.getSubject(), n.getText());
                    return null;
                });
                outbox.sent(id, now());
                sent++;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Notification " + id + " (event " + n.getEventId() + ") attempt "
                        + n.getAttempts() + " of " + maxAttempts + " failed", e);
                outbox.attemptFailed(id, e.getMessage(), now(), maxAttempts, Duration.ofMillis(initialDelayMs));
            }
        }
        return sent;
    }

    /**
     * @param notification a notification
     * @return its e-mail's {@code Message-ID}: {@code <eventId>@twd-direct.message}, one per notification
     */
    public static String messageId(Notification notification) {
        return notification.getEventId() + "@twd-direct.message";
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
