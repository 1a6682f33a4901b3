package io.twd.mypage.domain.model.mypage;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * One entry of an order's history: an order-status event applied to the read model.
 * Value object.
 */
@Embeddable
public class StatusChange {

    /** History order: by occurredAt, then status, then event id, so it is the same whatever the arrival order. */
    public static final Comparator<StatusChange> CHRONOLOGICAL = Comparator.comparing(StatusChange::getOccurredAt)
            .thenComparing(StatusChange::getStatus).thenComparing(StatusChange::getEventId);

    @Column(name = "event_id", nullable = false, length = 36)
    private String eventId;

    @Column(name = "status", nullable = false, length = 40)
    private String status;

    @Column(name = "occurred_at", nullable = false)
    private Instant occurredAt;

    /** For JPA only. */
    protected StatusChange() {
    }

    /**
     * @param eventId    the event's id (UUID text)
     * @param status     the event type, which names the new status: {@code Ordered}, {@code OrderCancelled},
     *                   {@code DeliveryStarted} or {@code DeliveryCancelled}
     * @param occurredAt when it happened (UTC)
     */
    public StatusChange(String eventId, String status, Instant occurredAt) {
        this.eventId = Objects.requireNonNull(eventId, "eventId");
        this.status = Objects.requireNonNull(status, "status");
        this.occurredAt = Objects.requireNonNull(occurredAt, "occurredAt");
    }

    /** @return the event's id */
    public String getEventId() {
        return eventId;
    }

    /** @return the status the event reports */
    public String getStatus() {
        return status;
    }

    /** @return when it happened (UTC) */
    public Instant getOccurredAt() {
        return occurredAt;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StatusChange other && eventId.equals(other.eventId);
    }

    @Override
    public int hashCode() {
        return eventId.hashCode();
    }

    @Override
    public String toString() {
        return status + "@" + occurredAt;
    }
}
