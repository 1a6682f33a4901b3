package io.twd.order.infrastructure.messaging.jms;

import static org.assertj.core.api.Assertions.assertThat;

import au.com.dius.pact.consumer.MessagePactBuilder;
import au.com.dius.pact.consumer.junit5.PactConsumerTestExt;
import au.com.dius.pact.consumer.junit5.PactTestFor;
import au.com.dius.pact.consumer.junit5.ProviderType;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.annotations.Pact;
import au.com.dius.pact.core.model.messaging.Message;
import au.com.dius.pact.core.model.messaging.MessagePact;
import io.twd.order.application.OrderService;
import io.twd.platform.infrastructure.messaging.IncomingEvent;
import io.twd.platform.testing.EventPacts;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The order service's contract with the delivery service's events
 * (pacts/order-delivery.events.json): the order a {@code DeliveryStarted} ships and a
 * {@code DeliveryCancelled} cancels, handed to the real {@link DeliveryEventsConsumer}.
 */
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = "delivery.events", providerType = ProviderType.ASYNCH, pactVersion = PactSpecVersion.V3)
class DeliveryEventsPactTest {

    @Pact(consumer = "order")
    MessagePact deliveryEvents(MessagePactBuilder builder) {
        return builder
                .expectsToReceive("a DeliveryStarted event")
                .withMetadata(EventPacts.metadata("DeliveryStarted"))
                .withContent(EventPacts.event("DeliveryStarted").integerType("orderId", 42L))
                .expectsToReceive("a DeliveryCancelled event")
                .withMetadata(EventPacts.metadata("DeliveryCancelled"))
                .withContent(EventPacts.event("DeliveryCancelled").integerType("orderId", 43L))
                .toPact();
    }

    @Test
    void aStartedDeliveryShipsItsOrderAndACancelledOneCancelsIt(List<Message> messages) {
        List<String> calls = new ArrayList<>();
        DeliveryEventsConsumer consumer = new DeliveryEventsConsumer();
        consumer.orders = new OrderService() {
            @Override
            public void onDeliveryStarted(IncomingEvent event, long orderId) {
                calls.add(event.eventType() + " " + orderId);
            }

            @Override
            public void onDeliveryCancelled(IncomingEvent event, long orderId) {
                calls.add(event.eventType() + " " + orderId);
            }
        };
        messages.forEach(message -> consumer.onMessage(EventPacts.jmsMessage(message)));
        assertThat(calls).containsExactlyInAnyOrder("DeliveryStarted 42", "DeliveryCancelled 43");
    }
}
