package io.twd.delivery.infrastructure.messaging.jms;

import static org.assertj.core.api.Assertions.assertThat;

import au.com.dius.pact.consumer.MessagePactBuilder;
import au.com.dius.pact.consumer.junit5.PactConsumerTestExt;
import au.com.dius.pact.consumer.junit5.PactTestFor;
import au.com.dius.pact.consumer.junit5.ProviderType;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.annotations.Pact;
import au.com.dius.pact.core.model.messaging.Message;
import au.com.dius.pact.core.model.messaging.MessagePact;
import io.twd.delivery.application.DeliveryService;
import io.twd.delivery.domain.model.delivery.DeliveryOrder;
import io.twd.platform.infrastructure.messaging.IncomingEvent;
import io.twd.platform.testing.EventPacts;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Delivery's contract with the order service's events (pacts/delivery-order.events.json): the
 * fields of {@code Ordered} and {@code OrderCancelled} that its consumer reads, handed to the
 * real {@link OrderEventsConsumer}.
 */
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = "order.events", providerType = ProviderType.ASYNCH, pactVersion = PactSpecVersion.V3)
class OrderEventsPactTest {

    @Pact(consumer = "delivery")
    MessagePact orderEvents(MessagePactBuilder builder) {
        return builder
                .expectsToReceive("an Ordered event")
                .withMetadata(EventPacts.metadata("Ordered"))
                .withContent(EventPacts.event("Ordered")
                        .integerType("orderId", 42L)
                        .stringType("customerId", "kim")
                        .integerType("shopId", 7L)
                        .stringType("eqpNm", "galaxy_s21")
                        .stringType("eqpSernum", "S21-0001"))
                .expectsToReceive("an OrderCancelled event")
                .withMetadata(EventPacts.metadata("OrderCancelled"))
                .withContent(EventPacts.event("OrderCancelled")
                        .integerType("orderId", 42L))
                .toPact();
    }

    @Test
    void anOrderedEventConfirmsItsDeliveryAndAnOrderCancelledEventCancelsIt(List<Message> messages) {
        List<String> calls = new ArrayList<>();
        OrderEventsConsumer consumer = new OrderEventsConsumer();
        consumer.deliveries = new DeliveryService() {
            @Override
            public void onOrdered(IncomingEvent event, DeliveryOrder order) {
                calls.add(event.eventType() + " " + order);
            }

            @Override
            public void onOrderCancelled(IncomingEvent event, long orderId) {
                calls.add(event.eventType() + " " + orderId);
            }
        };
        messages.forEach(message -> consumer.onMessage(EventPacts.jmsMessage(message)));
        assertThat(calls).containsExactly(
                "Ordered " + new DeliveryOrder(42, "kim", null, 7, "galaxy_s21", "S21-0001"),
                "OrderCancelled 42");
    }
}
