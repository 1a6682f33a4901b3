package io.twd.shop.application;

import io.twd.platform.domain.DomainEvent;

/**
 * Outbound port: publishes the shop's events on {@code shop.events}. Must be called inside the
 * transaction that made the change: the event is written to the service's outbox in that
 * transaction and sent after it commits, so it goes out if and only if the change commits
 * ({@code docs/events.md}, "The outbox").
 */
public interface ShopEvents {

    /**
     * @param event the event to publish
     * @throws jakarta.persistence.PersistenceException if the outbox cannot be written; the
     *     caller's transaction then rolls back
     */
    void publish(DomainEvent event);
}
