package io.twd.platform.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * The envelope every domain event carries when it is published (docs/architecture.md §4). Each service declares its own
 * events as records implementing this interface; their record components, these three
 * included, are the event's JSON properties.
 */
public interface DomainEvent {

    /** @return the event's unique id (UUID); consumers de-duplicate on it, the broker too */
    UUID eventId();

    /** @return the event's type name, e.g. {@code EqpRegistered}; consumers select on it */
    String eventType();

    /** @return when the change happened (UTC) */
    Instant occurredAt();

    /**
     * @return the correlation key set as the JMS correlation id: the {@code orderId} for order
     *     and delivery events, {@code <shopId>/<eqpSernum>} for a phone's own events
     */
    String correlationId();
}
