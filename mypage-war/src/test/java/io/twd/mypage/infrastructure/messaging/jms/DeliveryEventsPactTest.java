package io.twd.mypage.infrastructure.messaging.jms;

import static org.assertj.core.api.Assertions.assertThat;

import au.com.dius.pact.consumer.MessagePactBuilder;
import au.com.dius.pact.consumer.junit5.PactConsumerTestExt;
import au.com.dius.pact.consumer.junit5.PactTestFor;
import au.com.dius.pact.consumer.junit5.ProviderType;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.annotations.Pact;
import au.com.dius.pact.core.model.messaging.Message;
import au.com.dius.pact.core.model.messaging.MessagePact;
import io.twd.mypage.application.InMemoryMyPages;
import io.twd.mypage.application.MyPageView;
import io.twd.platform.testing.EventPacts;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Mypage's contract with the delivery service's events (pacts/mypage-delivery.events.json): an
 * entry shows its delivery and whether it shipped or was cancelled, from {@code DeliveryStarted}
 * and {@code DeliveryCancelled}, handed to the real {@link DeliveryEventsConsumer} and read model.
 */
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = "delivery.events", providerType = ProviderType.ASYNCH, pactVersion = PactSpecVersion.V3)
class DeliveryEventsPactTest {

    @Pact(consumer = "mypage")
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
                        .integerType("orderId", 43L)
                        .integerType("deliveryId", 6L))
                .toPact();
    }

    @Test
    void eachEntryShowsItsDeliveryAndWhatBecameOfIt(List<Message> messages) {
        InMemoryMyPages myPages = new InMemoryMyPages();
        DeliveryEventsConsumer consumer = new DeliveryEventsConsumer();
        consumer.myPages = myPages.service();
        messages.forEach(message -> consumer.onMessage(EventPacts.jmsMessage(message)));
        assertThat(myPages.updates())
                .extracting(view -> view.orderId() + " " + view.deliveryId() + " " + view.deliveryStatus())
                .containsExactlyInAnyOrder("42 5 DeliveryStarted", "43 6 DeliveryCancelled");
    }
}
