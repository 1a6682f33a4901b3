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
 * The message service's contract with the order service's events
 * (pacts/message-order.events.json): the customer is told of an order and of its cancellation
 * from {@code Ordered} and {@code OrderCancelled}, handed to the real {@link OrderEventsConsumer}
 * and notification service over an in-memory store.
 */
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = "order.events", providerType = ProviderType.ASYNCH, pactVersion = PactSpecVersion.V3)
class OrderEventsPactTest {

    @Pact(consumer = "message")
    MessagePact orderEvents(MessagePactBuilder builder) {
        return builder
                .expectsToReceive("an Ordered event")
                .withMetadata(EventPacts.metadata("Ordered"))
                .withContent(EventPacts.event("Ordered")
                        .integerType("orderId", 42L)
                        .stringType("customerId", "kim")
                        .stringType("eqpNm", "galaxy_s21"))
                .expectsToReceive("an OrderCancelled event")
                .withMetadata(EventPacts.metadata("OrderCancelled"))
                .withContent(EventPacts.event("OrderCancelled")
                        .integerType("orderId", 42L)
                        .stringType("customerId", "kim"))
                .toPact();
    }

    @Test
    void theCustomerIsToldOfTheOrderAndOfItsCancellation(List<Message> messages) {
        InMemoryNotifications notifications = new InMemoryNotifications();
        OrderEventsConsumer consumer = new OrderEventsConsumer();
        consumer.notifications = notifications.service();
        messages.forEach(message -> consumer.onMessage(EventPacts.jmsMessage(message)));
        assertThat(notifications.recorded())
                .extracting(n -> n.getEventType() + " " + n.getOrderId() + " " + n.getCustomerId())
                .containsExactlyInAnyOrder("Ordered 42 kim", "OrderCancelled 42 kim");
        assertThat(notifications.recorded())
                .filteredOn(n -> n.getEventType().equals("Ordered"))
                .allSatisfy(n -> assertThat(n.getText()).contains("galaxy_s21"));
    }
}
