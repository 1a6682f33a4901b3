package io.twd.order.infrastructure.messaging.outbox;

import io.twd.order.application.OrderEvents;
import io.twd.platform.domain.DomainEvent;
import io.twd.platform.infrastructure.messaging.EventPublisher;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.Topic;

/** Publishes the order service's events on {@code order.events} through the outbox ({@link EventPublisher}). */
@ApplicationScoped
public class OutboxOrderEvents implements OrderEvents {

    @Resource(lookup = "jms/topic/order-events")
    Topic orderTopic;

    @Inject
    EventPublisher publisher;

    @Override
    public void publish(DomainEvent event) {
        publisher.publish(orderTopic, event);
    }
}
