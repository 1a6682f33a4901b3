package io.twd.mypage.infrastructure.messaging.jms;

import io.twd.mypage.application.MyPageService;
import io.twd.platform.infrastructure.messaging.IncomingEvent;
import io.twd.platform.infrastructure.messaging.MalformedEventException;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Consumes the order topic's order-status events ({@code order.events}) through the shared
 * durable subscription {@code mypage.order-events}; the activation spec
 * {@code mypage/OrderEventsConsumer} in server.xml names the destination, subscription
 * and selector. Decodes the message and applies it to the read model ({@link MyPageService});
 * any failure is thrown, so the service's transaction rolls back and the broker redelivers, then
 * dead-letters after its bounded attempts.
 * <p>Runs without a container transaction ({@code NOT_SUPPORTED}); the message is acknowledged
 * after the service's own transaction (docs/events.md, "Subscriptions").
 */
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@MessageDriven(name = "OrderEventsConsumer")
public class OrderEventsConsumer implements MessageListener {

    private static final Logger LOG = Logger.getLogger(OrderEventsConsumer.class.getName());

    @Inject
    MyPageService myPages;

    /**
     * @param message a JMS text message in the shape of docs/events.md
     * @throws MalformedEventException if it cannot be decoded (rolled back, dead-lettered eventually)
     */
    @Override
    public void onMessage(Message message) {
        try {
            myPages.apply(IncomingEvent.from(message));
        } catch (MalformedEventException e) {
            LOG.log(Level.WARNING, e.getMessage()
                    + " (subscription mypage.order-events; rolled back for redelivery, then DLQ)", e);
            throw e;
        }
    }
}
