package io.twd.message.infrastructure.messaging.jms;

import io.twd.message.application.NotificationService;
import io.twd.platform.infrastructure.messaging.EventDispatch;
import io.twd.platform.infrastructure.messaging.MalformedEventException;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;

/**
 * Consumes the delivery topic's order-status events ({@code delivery.events}) through the shared
 * durable subscription {@code message.delivery-events}; the activation spec
 * {@code message/DeliveryEventsConsumer} in server.xml names the destination,
 * subscription and selector. Decodes the message and records its notification
 * ({@link NotificationService}); any failure is thrown, so the service's transaction rolls back and the
 * broker redelivers, then dead-letters after its bounded attempts.
 * <p>Runs without a container transaction ({@code NOT_SUPPORTED}); the message is acknowledged
 * after the service's own transaction (docs/events.md, "Subscriptions").
 */
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@MessageDriven(name = "DeliveryEventsConsumer")
public class DeliveryEventsConsumer implements MessageListener {

    @Inject
    NotificationService notifications;

    private final EventDispatch dispatch = EventDispatch.of("message.delivery-events")
            .on("DeliveryStarted", event -> notifications.record(event))
            .on("DeliveryCancelled", event -> notifications.record(event));

    /**
     * @param message a JMS text message in the shape of docs/events.md
     * @throws MalformedEventException if it cannot be decoded (rolled back, dead-lettered eventually)
     */
    @Override
    public void onMessage(Message message) {
        dispatch.deliver(message);
    }
}
