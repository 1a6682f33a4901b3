package io.twd.platform.infrastructure.messaging;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * Record that a consumer applied an event: written in the same transaction as the event's
 * effect, so a redelivered event is recognised and changes nothing. Each service lists this
 * class in its persistence unit; the table lives in the service's own database. Rows are
 * written by {@link ProcessedEvents} in one statement; the entity reads them.
 */
@Entity
@Table(name = "processed_event")
public class ProcessedEvent {

    @Id
    @Column(name = "event_id", length = 36)
    private String eventId;

    @Column(name = "event_type", nullable = false, length = 60)
    private String eventType;

    @Column(name = "processed_at", nullable = false)
    private Instant processedAt;

    /** For JPA only. */
    protected ProcessedEvent() {
    }

    /** @return the event's id (UUID text) */
    public String getEventId() {
        return eventId;
    }

    /** @return the event's type */
    public String getEventType() {
        return eventType;
    }

    /** @return when it was applied (UTC) */
    public Instant getProcessedAt() {
        return processedAt;
    }
}
