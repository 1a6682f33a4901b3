package io.twd.delivery.infrastructure.messaging.outbox;

import io.twd.delivery.application.DeliveryEvents;
import io.twd.platform.domain.DomainEvent;
import io.twd.platform.infrastructure.messaging.EventPublisher;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.Topic;

/** Publishes the delivery service's events on {@code delivery.events} through the outbox ({@link EventPublisher}). */
@ApplicationScoped
public class OutboxDeliveryEvents implements DeliveryEvents {

    @Resource(lookup = "jms/topic/delivery-events")
    Topic deliveryTopic;

    @Inject
    EventPublisher publisher;

    @Override
    public void publish(DomainEvent event) {
        publisher.publish(deliveryTopic, event);
    }
}
