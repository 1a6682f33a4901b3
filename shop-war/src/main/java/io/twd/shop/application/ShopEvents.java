package io.twd.shop.application;

import io.twd.platform.domain.DomainEvent;

/**
 * Outbound port: publishes the shop's domain events on the shop topic. Must be called inside
 * the transaction that made the change, so the event goes out if and only if it commits.
 */
public interface ShopEvents {

    /**
     * @param event the event to publish
     * @throws jakarta.jms.JMSRuntimeException if the broker cannot be reached; the caller's
     *     transaction then rolls back
     */
    void publish(DomainEvent event);
}
