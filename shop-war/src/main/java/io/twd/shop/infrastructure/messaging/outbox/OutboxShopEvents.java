package io.twd.shop.infrastructure.messaging.outbox;

import io.twd.platform.domain.DomainEvent;
import io.twd.platform.infrastructure.messaging.EventPublisher;
import io.twd.shop.application.ShopEvents;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.Topic;

/** Publishes the shop service's events on {@code shop.events} through the outbox ({@link EventPublisher}). */
@ApplicationScoped
public class OutboxShopEvents implements ShopEvents {

    @Resource(lookup = "jms/topic/shop-events")
    Topic shopTopic;

    @Inject
    EventPublisher publisher;

    @Override
    public void publish(DomainEvent event) {
        publisher.publish(shopTopic, event);
    }
}
