package io.twd.message.domain.model.notification;

import io.twd.platform.infrastructure.persistence.IdsFromSequences;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One notification to a customer about one order-status event: the message service's
 * aggregate root. Exactly one exists per event ({@code eventId} is unique), recorded by the
 * consumer in the event's transaction; sending happens afterwards, outside that transaction,
 * so a redelivered event never sends twice.
 *
 * <pre>
 *   PENDING --sent--> SENT
 *   PENDING --attemptFailed (attempts &lt; max)--> PENDING, nextAttemptAt = now + backoff
 *   PENDING --attemptFailed (attempts = max)--> FAILED
 *   (no customerEmail) SKIPPED
 * </pre>
 */
@Entity
@Table(name = "notification",
        uniqueConstraints = @UniqueConstraint(name = "uk_notification_event", columnNames = "event_id"),
        indexes = {@Index(name = "ix_notification_order", columnList = "order_id"),
                @Index(name = "ix_notification_due", columnList = "status, next_attempt_at")})
public class Notification {

    // from a sequence in blocks, not an identity column: concurrent inserts do not contend for ids
    // (IdsFromSequences; docs/benchmarks.md)
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "notification_ids")
    @SequenceGenerator(name = "notification_ids", sequenceName = "notification_seq", allocationSize = IdsFromSequences.BLOCK_SIZE)
    private Long id;

    @Column(name = "event_id", nullable = false, length = 36)
    private String eventId;

    @Column(name = "event_type", nullable = false, length = 40)
    private String eventType;

    @Column(name = "order_id", nullable = false)
    private long orderId;

    @Column(name = "customer_id", length = 100)
    private String customerId;

    @Enumerated(EnumType.STRING)
    @Column(name = "channel", nullable = false, length = 10)
    private Channel channel;

    @Column(name = "recipient", length = 254)
    private String recipient;

    @Column(name = "subject", nullable = false, length = 200)
    private String subject;

    @Column(name = "text", nullable = false, length = 1000)
    private String text;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false, length = 10)
    private NotificationStatus status;

    @Column(name = "attempts", nullable = false)
    private int attempts;

    @Column(name = "next_attempt_at")
    private Instant nextAttemptAt;

    @Column(name = "last_error", length = 500)
    private String lastError;

    @Column(name = "traceparent", length = 55)
    private String traceparent;

    @Column(name = "occurred_at", nullable = false)
    private Instant occurredAt;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "sent_at")
    private Instant sentAt;

    @Version
    private long version;

    /** For JPA only. */
    protected Notification() {
    }

    /**
     * Records the notification for an order-status event, to be sent by e-mail, or
     * {@link NotificationStatus#SKIPPED} if there is no address.
     *
     * @param eventId    the event's id (UUID text)
     * @param eventType  the event's type
     * @param occurredAt when the status changed
     * @param orderId    the order
     * @param customerId the customer, may be null
     * @param email      the customer's e-mail address; null or blank means not deliverable by e-mail
     * @param text       what to say
     * @param now        when it is recorded
     * @return a new notification, {@link NotificationStatus#PENDING} (due now) or {@link NotificationStatus#SKIPPED}
     */
    public static Notification record(String eventId, String eventType, Instant occurredAt, long orderId,
                                      String customerId, String email, NotificationText text, Instant now) {
        Notification n = new Notification();
        n.eventId = Objects.requireNonNull(eventId, "eventId");
        n.eventType = Objects.requireNonNull(eventType, "eventType");
        n.occurredAt = Objects.requireNonNull(occurredAt, "occurredAt");
        n.orderId = orderId;
        n.customerId = customerId;
        n.channel = Channel.EMAIL;
        n.subject = text.subject();
        n.text = text.body();
        n.createdAt = now;
        n.updatedAt = now;
        if (email == null || email.isBlank()) {
            n.status = NotificationStatus.SKIPPED;
            n.lastError = "The order names no e-mail address to send to: nothing is sent.";
        } else {
            n.recipient = email.strip();
            n.status = NotificationStatus.PENDING;
            n.nextAttemptAt = now;
        }
        return n;
    }

    /**
     * The SMTP server accepted the message.
     *
     * @param now when
     * @throws IllegalStateException if the notification is not {@link NotificationStatus#PENDING}
     */
    public void sent(Instant now) {
        requirePending();
        status = NotificationStatus.SENT;
        sentAt = now;
        nextAttemptAt = null;
        lastError = null;
        updatedAt = now;
    }

    /**
     * What {@link #getLastError()} says after a failed attempt that is tried again: our own words.
     * The mail server's answer (which can name hosts, ports and its software) goes to the log only:
     * the customer reads this record.
     */
    public static final String SEND_FAILED = "The mail server did not take the e-mail; it is sent again later.";

    /** What {@link #getLastError()} says once no attempt is left. */
    public static final String GIVEN_UP = "The mail server did not take the e-mail, and no more attempts are made.";

    /**
     * An attempt (already counted by the claim that started it) failed: retry after an
     * exponential backoff, or give up after {@code maxAttempts}. Why it failed is the caller's to
     * log; the notification records {@link #SEND_FAILED} or {@link #GIVEN_UP}.
     *
     * @param now          when
     * @param maxAttempts  attempts allowed in all, 1 or more
     * @param initialDelay backoff after the first failure; doubled after each further one, at most 1 hour
     * @throws IllegalStateException if the notification is not {@link NotificationStatus#PENDING}
     */
    public void attemptFailed(Instant now, int maxAttempts, Duration initialDelay) {
        requirePending();
        updatedAt = now;
        if (attempts >= maxAttempts) {
            status = NotificationStatus.FAILED;
            nextAttemptAt = null;
            lastError = GIVEN_UP;
        } else {
            lastError = SEND_FAILED;
            long factor = 1L << Math.min(Math.max(attempts - 1, 0), 20);
            Duration delay = initialDelay.multipliedBy(factor);
            nextAttemptAt = now.plus(delay.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : delay);
        }
    }

    private void requirePending() {
        if (status != NotificationStatus.PENDING) {
            throw new IllegalStateException("notification " + id + " is " + status);
        }
    }

    /** @return the generated id, or null before it is persisted */
    public Long getId() {
        return id;
    }

    /** @return the id of the event this notification is about (UUID text) */
    public String getEventId() {
        return eventId;
    }

    /** @return the event type, e.g. {@code Ordered} */
    public String getEventType() {
        return eventType;
    }

    /** @return the order */
    public long getOrderId() {
        return orderId;
    }

    /** @return the customer, or null if the event named none */
    public String getCustomerId() {
        return customerId;
    }

    /** @return the channel, {@link Channel#EMAIL} */
    public Channel getChannel() {
        return channel;
    }

    /**
     * Keeps the trace of the work that recorded this notification, for the span of its sending.
     *
     * @param w3cTraceparent a W3C Trace Context {@code traceparent} (55 characters), or null when
     *     tracing is off
     * @throws IllegalArgumentException if it is longer than 55 characters
     */
    public void traceparent(String w3cTraceparent) {
        if (w3cTraceparent != null && w3cTraceparent.length() > 55) {
            throw new IllegalArgumentException("not a W3C traceparent: " + w3cTraceparent);
        }
        this.traceparent = w3cTraceparent;
    }

    /** @return the W3C {@code traceparent} of the work that recorded it, or null */
    public String getTraceparent() {
        return traceparent;
    }

    /** @return the e-mail address, or null when {@link NotificationStatus#SKIPPED} */
    public String getRecipient() {
        return recipient;
    }

    /** @return the e-mail subject */
    public String getSubject() {
        return subject;
    }

    /** @return the message text */
    public String getText() {
        return text;
    }

    /** @return the delivery status */
    public NotificationStatus getStatus() {
        return status;
    }

    /** @return how many send attempts were started */
    public int getAttempts() {
        return attempts;
    }

    /** @return when the next attempt is due (UTC), or null if none will be made */
    public Instant getNextAttemptAt() {
        return nextAttemptAt;
    }

    /** @return the last failure, or null */
    public String getLastError() {
        return lastError;
    }

    /** @return when the status change happened (the event's occurredAt, UTC) */
    public Instant getOccurredAt() {
        return occurredAt;
    }

    /** @return when the notification was recorded (UTC) */
    public Instant getCreatedAt() {
        return createdAt;
    }

    /** @return when it last changed (UTC) */
    public Instant getUpdatedAt() {
        return updatedAt;
    }

    /** @return when the SMTP server accepted it (UTC), or null */
    public Instant getSentAt() {
        return sentAt;
    }
}
