package io.twd.delivery.infrastructure.messaging.jms;

import io.twd.delivery.application.DeliveryService;
import io.twd.delivery.domain.model.delivery.DeliveryOrder;
import io.twd.platform.infrastructure.messaging.EventDispatch;
import io.twd.platform.infrastructure.messaging.MalformedEventException;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;

/**
 * Consumes the order service's events ({@code order.events}, shared durable subscription
 * {@code delivery.order-events}, selecting {@code Ordered} and {@code OrderCancelled}; activation
 * spec {@code delivery/OrderEventsConsumer} in server.xml). Only decodes and delegates to
 * {@link DeliveryService}, in its own transaction: a failure throws, the delivery rolls
 * back, and the broker redelivers, then dead-letters.
 * <p>Runs without a container transaction ({@code NOT_SUPPORTED}); the message is acknowledged
 * after the service's own transaction (docs/events.md, "Subscriptions").
 */
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@MessageDriven(name = "OrderEventsConsumer")
public class OrderEventsConsumer implements MessageListener {

    @Inject
    DeliveryService deliveries;

    private final EventDispatch dispatch = EventDispatch.of("delivery.order-events")
            .on("Ordered", event -> deliveries.onOrdered(event, new DeliveryOrder(event.number("orderId"),
                    event.string("customerId"), event.optionalString("customerEmail"), event.number("shopId"),
                    event.string("eqpNm"), event.string("eqpSernum"))))
            .on("OrderCancelled", event -> deliveries.onOrderCancelled(event, event.number("orderId")));

    /**
     * @param message an order event
     * @throws MalformedEventException if it cannot be decoded or has an unexpected type
     */
    @Override
    public void onMessage(Message message) {
        dispatch.deliver(message);
    }
}
