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
 * The shop service's contract with the delivery service's events
 * (pacts/shop-delivery.events.json): a phone is shipped when its {@code DeliveryStarted} names
 * it, handed to the real {@link DeliveryEventsConsumer} and phone status policy.
 */
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = "delivery.events", providerType = ProviderType.ASYNCH, pactVersion = PactSpecVersion.V3)
class DeliveryEventsPactTest {

    @Pact(consumer = "shop")
    MessagePact deliveryEvents(MessagePactBuilder builder) {
        return builder
                .expectsToReceive("a DeliveryStarted event")
                .withMetadata(EventPacts.metadata("DeliveryStarted"))
                .withContent(EventPacts.event("DeliveryStarted")
                        .integerType("orderId", 42L)
                        .integerType("shopId", 7L)
                        .stringType("eqpSernum", "S21-0001"))
                .toPact();
    }

    @Test
    void theShippedPhoneIsShipped(List<Message> messages) {
        InMemoryPhones shop = new InMemoryPhones().register(7, "S21-0001");
        DeliveryEventsConsumer consumer = new DeliveryEventsConsumer();
        consumer.policy = shop.policy();
        messages.forEach(message -> consumer.onMessage(EventPacts.jmsMessage(message)));
        assertThat(shop.published()).containsExactly("S21-0001 Shipped");
        assertThat(shop.stageOf(42)).isEqualTo("Shipped");
    }
}
