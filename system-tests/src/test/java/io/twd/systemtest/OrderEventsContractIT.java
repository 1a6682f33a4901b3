package io.twd.systemtest;

import static io.restassured.RestAssured.given;

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
 * The order service keeps its consumers' contracts with its events (pacts/*-order.events.json,
 * written by each consuming service's {@code OrderEventsPactTest}): every event a consumer
 * expects is one the real order server published on {@code order.events} for an order this test
 * placed or cancelled through the API.
 */
@Provider("order.events")
@PactFolder("../pacts")
@ExtendWith(SignedInSystem.class)
class OrderEventsContractIT extends EventsProviderContract {

    private static String shop;
    private static String order;
    private static TopicRecorder orderEvents;

    @BeforeAll
    static void start(TwdSystem system) throws Exception {
        system.start("shop", "order", "delivery");
        shop = system.url("shop");
        order = system.url("order");
        Ordering.warmUp(shop, order);
        orderEvents = new TopicRecorder(system.broker().connectionFactory(), "order.events");
    }

    @AfterAll
    static void stop() throws Exception {
        orderEvents.close();
    }

    @PactVerifyProvider("an Ordered event")
    MessageAndMetadata ordered() {
        long orderId = Ordering.placeOrder(shop, order, 7);
        return PublishedEvents.published(orderEvents, "Ordered", "orderId", orderId);
    }

    @PactVerifyProvider("an OrderCancelled event")
    MessageAndMetadata orderCancelled() {
        long orderId = Ordering.placeOrder(shop, order, 7);
        given().post(order + "/orders/" + orderId + "/cancel").then().statusCode(200);
        return PublishedEvents.published(orderEvents, "OrderCancelled", "orderId", orderId);
    }
}
