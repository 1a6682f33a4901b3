package io.twd.delivery.application;

import io.twd.platform.domain.DomainEvent;

/**
 * Outbound port: publishes the delivery service's events on {@code delivery.events}. Must be
 * called inside the transaction that made the change, so the event goes out if and only if it commits.
 */
public interface DeliveryEvents {

    /**
     * @param event the event to publish
     * @throws jakarta.jms.JMSRuntimeException if the broker cannot be reached; the transaction then rolls back
     */
    void publish(DomainEvent event);
}
