package io.twd.shop.infrastructure.messaging.jms;

import io.twd.platform.infrastructure.messaging.EventDispatch;
import io.twd.platform.infrastructure.messaging.MalformedEventException;
import io.twd.shop.application.PhoneStatusPolicy;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;

/**
 * Consumes {@code Ordered} and {@code OrderCancelled} from the order topic ({@code order.events})
 * through the shared durable subscription {@code shop.order-events}; the activation spec
 * {@code shop/OrderEventsConsumer} in server.xml names the destination, subscription and
 * selector. Decodes the message and hands it to {@link PhoneStatusPolicy}; any failure is
 * thrown, so the service's transaction rolls back and the broker redelivers (then
 * dead-letters after its bounded attempts).
 * <p>Runs without a container transaction ({@code NOT_SUPPORTED}); the message is acknowledged
 * after the service's own transaction (docs/events.md, "Subscriptions").
 */
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@MessageDriven(name = "OrderEventsConsumer")
public class OrderEventsConsumer implements MessageListener {

    @Inject
    PhoneStatusPolicy policy;

    private final EventDispatch dispatch = EventDispatch.of("shop.order-events")
            .on("Ordered", event -> policy.apply(event))
            .on("OrderCancelled", event -> policy.apply(event));

    /**
     * @param message a JMS text message in the shape of docs/events.md
     * @throws MalformedEventException if it cannot be decoded (rolled back, dead-lettered eventually)
     */
    @Override
    public void onMessage(Message message) {
        dispatch.deliver(message);
    }
}
