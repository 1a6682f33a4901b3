package io.twd.platform.infrastructure.messaging;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.metamodel.Metamodel;
import java.time.Instant;

/**
 * An event waiting in the publishing service's outbox (table {@code outbox_event}): written by
 * {@link EventPublisher} in the transaction of the change it reports, sent to its topic and
 * deleted by {@link OutboxRelay} after that transaction committed (the transactional outbox).
 *
 * <p>Its position, {@code seq_no}, gives the order in which the relay sends. It is the next value
 * of the database sequence {@value #SEQUENCE}, taken one at a time when the event is written
 * (allocation size 1, not in blocks): servers of one service that share a database then number
 * their events in the order they were written, as a block per server would not. It is the
 * entity's id for JPA; the table's primary key is the event id, which is unique as well.
 * {@code attempts}, {@code last_error} and {@code parked_at} (not mapped: the relay reads and
 * writes them with SQL) record the broker's refusals of the event and whether it is parked
 * ({@link OutboxBatch}). Each
 * publishing service lists this class in its persistence unit ({@link #isListedIn}); the tables
 * come from the platform's Flyway migrations under
 * {@value io.twd.platform.infrastructure.persistence.SchemaMigration#OUTBOX_LOCATION}, which
 * {@link io.twd.platform.infrastructure.persistence.SchemaMigration} applies to such a service only
 * ({@code docs/events.md}, "The outbox").
 */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent {

    /** The sequence of the outbox positions ({@code seq_no}). */
    public static final String SEQUENCE = "outbox_event_seq";

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "outbox_positions")
    @SequenceGenerator(name = "outbox_positions", sequenceName = SEQUENCE, allocationSize = 1)
    @Column(name = "seq_no")
    private Long seqNo;

    @Column(name = "event_id", nullable = false, length = 36)
    private String eventId;

    @Column(name = "topic", nullable = false, length = 64)
    private String topic;

    @Column(name = "event_type", nullable = false, length = 60)
    private String eventType;

    @Column(name = "correlation_id", length = 100)
    private String correlationId;

    @Column(name = "traceparent", length = 55)
    private String traceparent;

    @Column(name = "tracestate", length = 512)
    private String tracestate;

    @Column(name = "payload", nullable = false, length = 8000)
    private String payload;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    /**
     * Whether a service has an outbox: its persistence unit lists this class. The outbox relay
     * runs, and the outbox's migrations are applied, only in such a service.
     *
     * @param metamodel the service's persistence unit's metamodel
     * @return true if this class is one of the unit's entities
     */
    public static boolean isListedIn(Metamodel metamodel) {
        return metamodel.getEntities().stream().anyMatch(entity -> entity.getJavaType() == OutboxEvent.class);
    }

    /** For JPA only. */
    protected OutboxEvent() {
    }

    /**
     * @param eventId       the event's id (UUID text), also the broker's duplicate detection id
     * @param topic         the topic's address, e.g. {@code order.events}
     * @param eventType     the event's type, e.g. {@code Ordered}
     * @param correlationId the JMS correlation id (the aggregate's id as text), or null
     * @param traceparent   the W3C {@code traceparent} of the PRODUCER span, or null (tracing off)
     * @param tracestate    the W3C {@code tracestate}, or null
     * @param payload       the event as JSON, at most 8,000 characters
     * @param createdAt     when it was written (UTC)
     */
    public OutboxEvent(String eventId, String topic, String eventType, String correlationId,
                       String traceparent, String tracestate, String payload, Instant createdAt) {
        this.eventId = eventId;
        this.topic = topic;
        this.eventType = eventType;
        this.correlationId = correlationId;
        this.traceparent = traceparent;
        this.tracestate = tracestate;
        this.payload = payload;
        this.createdAt = createdAt;
    }

    /** @return its position in the outbox (the order of sending); null until it is written */
    public Long getSeqNo() {
        return seqNo;
    }

    /** @return the event's id (UUID text) */
    public String getEventId() {
        return eventId;
    }

    /** @return the topic's address, e.g. {@code order.events} */
    public String getTopic() {
        return topic;
    }

    /** @return the event's type */
    public String getEventType() {
        return eventType;
    }

    /** @return the JMS correlation id, or null */
    public String getCorrelationId() {
        return correlationId;
    }

    /** @return the PRODUCER span's {@code traceparent}, or null */
    public String getTraceparent() {
        return traceparent;
    }

    /** @return the PRODUCER span's {@code tracestate}, or null */
    public String getTracestate() {
        return tracestate;
    }

    /** @return the event as JSON */
    public String getPayload() {
        return payload;
    }

    /** @return when it was written (UTC) */
    public Instant getCreatedAt() {
        return createdAt;
    }
}
