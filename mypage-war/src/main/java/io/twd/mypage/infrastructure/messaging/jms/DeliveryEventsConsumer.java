package io.twd.mypage.infrastructure.messaging.jms;

import io.twd.mypage.application.MyPageService;
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
 * durable subscription {@code mypage.delivery-events}; the activation spec
 * {@code mypage/DeliveryEventsConsumer} in server.xml names the destination, subscription
 * and selector. Decodes the message and applies it to the read model ({@link MyPageService});
 * any failure is thrown, so the service's transaction rolls back and the broker redelivers, then
 * dead-letters after its bounded attempts.
 * <p>Runs without a container transaction ({@code NOT_SUPPORTED}); the message is acknowledged
 * after the service's own transaction (docs/events.md, "Subscriptions").
 */
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@MessageDriven(name = "DeliveryEventsConsumer")
public class DeliveryEventsConsumer implements MessageListener {

    @Inject
    MyPageService myPages;

    private final EventDispatch dispatch = EventDispatch.of("mypage.delivery-events")
            .on("DeliveryStarted", event -> myPages.apply(event))
            .on("DeliveryCancelled", event -> myPages.apply(event));

    /**
     * @param message a JMS text message in the shape of docs/events.md
     * @throws MalformedEventException if it cannot be decoded (rolled back, dead-lettered eventually)
     */
    @Override
    public void onMessage(Message message) {
        dispatch.deliver(message);
    }
}
