package io.twd.shop.infrastructure.messaging.jms;

import static org.assertj.core.api.Assertions.assertThat;

import au.com.dius.pact.consumer.MessagePactBuilder;
import au.com.dius.pact.consumer.junit5.PactConsumerTestExt;
import au.com.dius.pact.consumer.junit5.PactTestFor;
import au.com.dius.pact.consumer.junit5.ProviderType;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.annotations.Pact;
import au.com.dius.pact.core.model.messaging.Message;
import au.com.dius.pact.core.model.messaging.MessagePact;
import io.twd.platform.testing.EventPacts;
import io.twd.shop.application.InMemoryPhones;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shop service's contract with the order service's events (pacts/shop-order.events.json):
 * which phone an order holds or lets go comes from {@code Ordered} and {@code OrderCancelled},
 * handed to the real {@link OrderEventsConsumer} and phone status policy over in-memory phones.
 */
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = "order.events", providerType = ProviderType.ASYNCH, pactVersion = PactSpecVersion.V3)
class OrderEventsPactTest {

    @Pact(consumer = "shop")
    MessagePact orderEvents(MessagePactBuilder builder) {
        return builder
                .expectsToReceive("an Ordered event")
                .withMetadata(EventPacts.metadata("Ordered"))
                .withContent(EventPacts.event("Ordered")
                        .integerType("orderId", 42L)
                        .integerType("shopId", 7L)
                        .stringType("eqpSernum", "S21-0001"))
                .expectsToReceive("an OrderCancelled event")
                .withMetadata(EventPacts.metadata("OrderCancelled"))
                .withContent(EventPacts.event("OrderCancelled")
                        .integerType("orderId", 43L)
                        .integerType("shopId", 7L)
                        .stringType("eqpSernum", "S21-0002"))
                .toPact();
    }

    @Test
    void anOrderedPhoneIsHeldAndACancelledOrderIsRecorded(List<Message> messages) {
        InMemoryPhones shop = new InMemoryPhones().register(7, "S21-0001").register(7, "S21-0002");
        OrderEventsConsumer consumer = new OrderEventsConsumer();
        consumer.policy = shop.policy();
        messages.forEach(message -> consumer.onMessage(EventPacts.jmsMessage(message)));
        assertThat(shop.published()).containsExactly("S21-0001 Ordered");
        assertThat(shop.stageOf(42)).isEqualTo("Ordered");
        assertThat(shop.stageOf(43)).isEqualTo("Cancelled");
    }
}
