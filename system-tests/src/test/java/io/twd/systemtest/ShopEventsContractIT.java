package io.twd.systemtest;

import au.com.dius.pact.provider.MessageAndMetadata;
import au.com.dius.pact.provider.PactVerifyProvider;
import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;
import io.twd.testkit.TopicRecorder;
import io.twd.testkit.TwdSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shop service keeps its consumers' contracts with its events (pacts/*-shop.events.json,
 * written by each consuming service's {@code ShopEventsPactTest}): every event a consumer expects
 * is one the real shop server published on {@code shop.events} for a phone this test registered.
 */
@Provider("shop.events")
@PactFolder("../pacts")
@ExtendWith(SignedInSystem.class)
class ShopEventsContractIT extends EventsProviderContract {

    private static String shop;
    private static TopicRecorder shopEvents;

    @BeforeAll
    static void start(TwdSystem system) throws Exception {
        system.start("shop");
        shop = system.url("shop");
        shopEvents = new TopicRecorder(system.broker().connectionFactory(), "shop.events");
    }

    @AfterAll
    static void stop() throws Exception {
        shopEvents.close();
    }

    @PactVerifyProvider("an EqpRegistered event")
    MessageAndMetadata eqpRegistered() {
        String sernum = Ordering.registerPhone(shop, 7, "galaxy_s21");
        return PublishedEvents.published(shopEvents, "EqpRegistered", "eqpSernum", sernum);
    }
}
