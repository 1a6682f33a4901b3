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
 * Mypage's contract with the order service's events (pacts/mypage-order.events.json): what an
 * order's entry shows comes from {@code Ordered} and {@code OrderCancelled}, handed to the real
 * {@link OrderEventsConsumer} and the real read model over an in-memory store.
 */
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = "order.events", providerType = ProviderType.ASYNCH, pactVersion = PactSpecVersion.V3)
class OrderEventsPactTest {

    @Pact(consumer = "mypage")
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
    void theOrdersEntryShowsThePhoneAndItsCancellation(List<Message> messages) {
        InMemoryMyPages myPages = new InMemoryMyPages();
        OrderEventsConsumer consumer = new OrderEventsConsumer();
        consumer.myPages = myPages.service();
        messages.forEach(message -> consumer.onMessage(EventPacts.jmsMessage(message)));
        // whichever arrives first, the entry converges on the phone and its cancellation
        List<MyPageView> updates = myPages.updates();
        assertThat(updates).hasSize(2);
        MyPageView entry = updates.get(1);
        assertThat(entry.orderId()).isEqualTo(42);
        assertThat(entry.customerId()).isEqualTo("kim");
        assertThat(entry.shopId()).isEqualTo(7);
        assertThat(entry.eqpNm()).isEqualTo("galaxy_s21");
        assertThat(entry.eqpSernum()).isEqualTo("S21-0001");
        assertThat(entry.orderStatus()).isEqualTo("OrderCancelled");
        assertThat(entry.history()).hasSize(2);
    }
}
