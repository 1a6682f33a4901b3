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
import io.twd.order.application.PhoneCatalog;
import io.twd.order.domain.model.phone.Phone;
import io.twd.platform.infrastructure.messaging.IncomingEvent;
import io.twd.platform.testing.EventPacts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The order service's contract with the shop service's events (pacts/order-shop.events.json):
 * the phone an {@code EqpRegistered} puts in its catalogue, handed to the real
 * {@link ShopEventsConsumer}.
 */
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = "shop.events", providerType = ProviderType.ASYNCH, pactVersion = PactSpecVersion.V3)
class ShopEventsPactTest {

    @Pact(consumer = "order")
    MessagePact shopEvents(MessagePactBuilder builder) {
        return builder
                .expectsToReceive("an EqpRegistered event")
                .withMetadata(EventPacts.metadata("EqpRegistered"))
                .withContent(EventPacts.event("EqpRegistered")
                        .integerType("phoneId", 1001L)
                        .integerType("shopId", 7L)
                        .stringType("eqpNm", "galaxy_s21")
                        .stringType("eqpSernum", "S21-0001"))
                .toPact();
    }

    @Test
    void aRegisteredPhoneGoesIntoTheCatalogue(List<Message> messages) {
        List<String> learned = new ArrayList<>();
        ShopEventsConsumer consumer = new ShopEventsConsumer();
        consumer.catalog = new PhoneCatalog() {
            @Override
            public void onEqpRegistered(IncomingEvent event, Phone phone) {
                learned.add(phone.getPhoneId() + " " + phone.getShopId() + " " + phone.getEqpNm() + " "
                        + phone.getEqpSernum() + " " + phone.getRegisteredAt());
            }
        };
        messages.forEach(message -> consumer.onMessage(EventPacts.jmsMessage(message)));
        assertThat(learned).containsExactly("1001 7 galaxy_s21 S21-0001 " + Instant.parse("2026-12-01T09:30:00.123Z"));
    }
}
