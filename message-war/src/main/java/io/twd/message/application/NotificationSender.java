package io.twd.message.application;

import io.twd.message.domain.model.notification.Notification;
import io.opentelemetry.api.trace.SpanKind;
import io.twd.platform.infrastructure.messaging.EventTracing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sends the pending notifications by e-mail, outside any consumer transaction, in batches: claims
 * the due ones (counting an attempt of each) in one transaction and sends them over one SMTP
 * connection, marking each {@code SENT} in a short transaction of its own as soon as the SMTP
 * server accepted it, before the next is sent; a failed attempt is retried with exponential
 * backoff and marked {@code FAILED} after {@code message.retry.max-attempts}. Safe to run concurrently and on several servers: a
 * notification is only sent by the sender that claimed it, and a sender that finds a claim of
 * its batch expired (a stalled SMTP server) leaves the rest to the next claim.
 *
 * <p>Delivery is at least once towards the SMTP server. The SMTP server's acceptance (its
 * {@code 250} after the data, RFC 5321 §4.1.1.4) and our commit cannot be one atomic step, so a
 * server that dies between the two sends that one e-mail again after the claim's lease
 * ({@code message.sender.lease-ms}), with the same {@code Message-ID} ({@link #messageId}): a copy
 * that receivers recognise as the same message (RFC 1047 describes this window; RFC 7352's
 * {@code duplicate} test is how a mailbox drops it). Marking each e-mail as it is accepted keeps
 * that window to one e-mail per crash, not a whole batch.
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
     * Sends every notification due now, batch after batch, until a batch is not full or sent
     * nothing (the SMTP server refuses: the next poll tries again).
     *
     * @return how many were sent successfully
     */
    public int sendAllDue() {
        int sent = 0;
        Batch batchSent;
        do {
            batchSent = sendDue();
            sent += batchSent.sent();
        } while (batchSent.claimed() == batch && batchSent.sent() > 0);
        return sent;
    }

    /**
     * Sends one batch: at most {@code message.sender.batch} notifications due now, each marked
     * {@code SENT} as soon as the SMTP server accepted it.
     *
     * @return how many were claimed and how many of those were sent successfully
     */
    public Batch sendDue() {
        List<Notification> claimed = outbox.claimDue(now(), batch, Duration.ofMillis(leaseMs));
        int sent = 0;
        try (MailGateway.Connection smtp = mail.connect()) {
            for (Notification n : claimed) {
                if (!now().isBefore(n.getNextAttemptAt())) {
                    LOG.warning("Claims expired before notification " + n.getId()
                            + "; it and the rest of its batch are sent by the next claim");
                    break;
                }
                try {
                    tracing.inSpan("smtp send", SpanKind.CLIENT, n.getTraceparent(), () -> {
                        smtp.send(messageId(n), n.getRecipient(), n.getSubject(), n.getText());
                        return null;
                    });
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Notification " + n.getId() + " (event " + n.getEventId() + ") attempt "
                            + n.getAttempts() + " of " + maxAttempts + " failed", e);
                    outbox.attemptFailed(n.getId(), now(), maxAttempts,
                            Duration.ofMillis(initialDelayMs));
                    continue;
                }
                outbox.sent(n.getId(), now());
                sent++;
            }
        }
        return new Batch(claimed.size(), sent);
    }

    /**
     * What one batch did.
     *
     * @param claimed notifications claimed, 0 to {@code message.sender.batch}
     * @param sent    of those, accepted by the SMTP server
     */
    public record Batch(int claimed, int sent) {
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
