package io.twd.message.infrastructure.messaging.jms;

import io.twd.platform.testing.Subscriptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The message service's consumers take from the broker exactly the events they handle (server.xml vs. their dispatch). */
class SubscriptionsTest {

    @Test
    void eachConsumerSelectsExactlyTheEventsItHandles() {
        Subscriptions.assertEachConsumerSelectsWhatItHandles(Path.of("src/main/liberty/config/server.xml"),
                new OrderEventsConsumer(), new DeliveryEventsConsumer());
    }
}
