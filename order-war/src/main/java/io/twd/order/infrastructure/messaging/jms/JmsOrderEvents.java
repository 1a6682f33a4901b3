package io.twd.order.infrastructure.messaging.jms;

import io.twd.order.application.OrderEvents;
import io.twd.platform.domain.DomainEvent;
import io.twd.platform.infrastructure.messaging.EventPublisher;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.Topic;

/** Publishes the order service's events on the order topic ({@code order.events}) through JMS. */
@ApplicationScoped
public class JmsOrderEvents implements OrderEvents {

    @Resource(lookup = "jms/topic/order-events")
    Topic orderTopic;

    @Inject
    EventPublisher publisher;

    @Override
    public void publish(DomainEvent event) {
        publisher.publish(orderTopic, event);
    }
}
