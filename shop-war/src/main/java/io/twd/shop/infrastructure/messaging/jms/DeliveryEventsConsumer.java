package io.twd.shop.infrastructure.messaging.jms;

import io.twd.platform.infrastructure.messaging.IncomingEvent;
import io.twd.platform.infrastructure.messaging.MalformedEventException;
import io.twd.shop.application.PhoneStatusPolicy;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Consumes {@code DeliveryStarted} from the delivery topic ({@code delivery.events})
 * through the shared durable subscription {@code shop.delivery-events}; the activation spec
 * {@code shop/DeliveryEventsConsumer} in server.xml names the destination, subscription and
 * selector. Decodes the message and hands it to {@link PhoneStatusPolicy}; any failure is
 * thrown, so the service's transaction rolls back and the broker redelivers (then
 * dead-letters after its bounded attempts).
 * <p>Runs without a container transaction ({@code NOT_SUPPORTED}); the message is acknowledged
 * after the service's own transaction (docs/events.md, "Subscriptions").
 */
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@MessageDriven(name = "DeliveryEventsConsumer")
public class DeliveryEventsConsumer implements MessageListener {

    private static final Logger LOG = Logger.getLogger(DeliveryEventsConsumer.class.getName());

    @Inject
    PhoneStatusPolicy policy;

    /**
     * @param message a JMS text message in the shape of docs/events.md
     * @throws MalformedEventException if it cannot be decoded (rolled back, dead-lettered eventually)
     */
    @Override
    public void onMessage(Message message) {
        try {
            policy.apply(IncomingEvent.from(message));
        } catch (MalformedEventException e) {
            LOG.log(Level.WARNING, e.getMessage()
                    + " (subscription shop.delivery-events; rolled back for redelivery, then DLQ)", e);
            throw e;
        }
    }
}
