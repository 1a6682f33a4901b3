package io.twd.message.infrastructure.messaging.jms;

import static org.assertj.core.api.Assertions.assertThat;

import au.com.dius.pact.consumer.MessagePactBuilder;
import au.com.dius.pact.consumer.junit5.PactConsumerTestExt;
import au.com.dius.pact.consumer.junit5.PactTestFor;
import au.com.dius.pact.consumer.junit5.ProviderType;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.annotations.Pact;
import au.com.dius.pact.core.model.messaging.Message;
import au.com.dius.pact.core.model.messaging.MessagePact;
import io.twd.message.application.InMemoryNotifications;
import io.twd.platform.testing.EventPacts;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The message service's contract with the delivery service's events
 * (pacts/message-delivery.events.json): the customer is told that the phone shipped, with the
 * delivery's number, from {@code DeliveryStarted}; a {@code DeliveryCancelled} is taken and tells
 * nobody (the order's cancellation does), handed to the real {@link DeliveryEventsConsumer}.
 */
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = "delivery.events", providerType = ProviderType.ASYNCH, pactVersion = PactSpecVersion.V3)
class DeliveryEventsPactTest {

    @Pact(consumer = "message")
    MessagePact deliveryEvents(MessagePactBuilder builder) {
        return builder
                .expectsToReceive("a DeliveryStarted event")
                .withMetadata(EventPacts.metadata("DeliveryStarted"))
                .withContent(EventPacts.event("DeliveryStarted")
                        .integerType("orderId", 42L)
                        .integerType("deliveryId", 5L))
                .expectsToReceive("a DeliveryCancelled event")
                .withMetadata(EventPacts.metadata("DeliveryCancelled"))
                .withContent(EventPacts.event("DeliveryCancelled")
                        .integerType("orderId", 43L))
                .toPact();
    }

    @Test
    void aShippedPhoneIsToldWithItsDeliveryAndACancelledDeliveryTellsNobody(List<Message> messages) {
        InMemoryNotifications notifications = new InMemoryNotifications();
        DeliveryEventsConsumer consumer = new DeliveryEventsConsumer();
        consumer.notifications = notifications.service();
        messages.forEach(message -> consumer.onMessage(EventPacts.jmsMessage(message)));
        assertThat(notifications.recorded()).singleElement().satisfies(n -> {
            assertThat(n.getEventType()).isEqualTo("DeliveryStarted");
            assertThat(n.getOrderId()).isEqualTo(42);
            assertThat(n.getText()).contains("5");
        });
    }
}
