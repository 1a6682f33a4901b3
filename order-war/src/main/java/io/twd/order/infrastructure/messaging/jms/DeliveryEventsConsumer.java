package io.twd.order.infrastructure.messaging.jms;

import io.twd.order.application.OrderService;
import io.twd.platform.infrastructure.messaging.EventDispatch;
import io.twd.platform.infrastructure.messaging.MalformedEventException;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;

/**
 * Consumes the delivery service's events ({@code delivery.events}, shared durable subscription
 * {@code order.delivery-events}, selecting {@code DeliveryStarted} and {@code DeliveryCancelled};
 * activation spec {@code order/DeliveryEventsConsumer} in server.xml): the order's status
 * follows its delivery. Only decodes and delegates to {@link OrderService} in its own
 * transaction; a failure throws, and the broker redelivers, then dead-letters.
 * <p>Runs without a container transaction ({@code NOT_SUPPORTED}); the message is acknowledged
 * after the service's own transaction (docs/events.md, "Subscriptions").
 */
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@MessageDriven(name = "DeliveryEventsConsumer")
public class DeliveryEventsConsumer implements MessageListener {

    @Inject
    OrderService orders;

    private final EventDispatch dispatch = EventDispatch.of("order.delivery-events")
            .on("DeliveryStarted", event -> orders.onDeliveryStarted(event, event.number("orderId")))
            .on("DeliveryCancelled", event -> orders.onDeliveryCancelled(event, event.number("orderId")));

    /**
     * @param message a delivery event
     * @throws MalformedEventException if it cannot be decoded or has an unexpected type
     */
    @Override
    public void onMessage(Message message) {
        dispatch.deliver(message);
    }
}
