package io.twd.order.infrastructure.messaging.jms;

import io.twd.order.application.PhoneCatalog;
import io.twd.order.domain.model.phone.Phone;
import io.twd.platform.infrastructure.messaging.EventDispatch;
import io.twd.platform.infrastructure.messaging.MalformedEventException;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;

/**
 * Consumes the shop's {@code EqpRegistered} events ({@code shop.events}, shared durable
 * subscription {@code order.shop-events}; activation spec {@code order/ShopEventsConsumer}
 * in server.xml), so that the order service knows which phones exist without calling the shop.
 * Only decodes and delegates to {@link PhoneCatalog} in its own transaction; a failure
 * throws, and the broker redelivers, then dead-letters.
 * <p>Runs without a container transaction ({@code NOT_SUPPORTED}); the message is acknowledged
 * after the service's own transaction (docs/events.md, "Subscriptions").
 */
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@MessageDriven(name = "ShopEventsConsumer")
public class ShopEventsConsumer implements MessageListener {

    @Inject
    PhoneCatalog catalog;

    private final EventDispatch dispatch = EventDispatch.of("order.shop-events")
            .on("EqpRegistered", event -> catalog.onEqpRegistered(event, new Phone(event.number("phoneId"),
                    event.number("shopId"), event.string("eqpNm"), event.string("eqpSernum"), event.occurredAt())));

    /**
     * @param message a shop event
     * @throws MalformedEventException if it cannot be decoded or is not {@code EqpRegistered}
     */
    @Override
    public void onMessage(Message message) {
        dispatch.deliver(message);
    }
}
