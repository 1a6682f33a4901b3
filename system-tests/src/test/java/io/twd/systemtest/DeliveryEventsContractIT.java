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
 * The delivery service keeps its consumers' contracts with its events
 * (pacts/*-delivery.events.json, written by each consuming service's
 * {@code DeliveryEventsPactTest}): every event a consumer expects is one the real delivery server
 * published on {@code delivery.events} for an order this test placed and shipped, or cancelled.
 */
@Provider("delivery.events")
@PactFolder("../pacts")
@ExtendWith(SignedInSystem.class)
class DeliveryEventsContractIT extends EventsProviderContract {

    private static String shop;
    private static String order;
    private static String delivery;
    private static TopicRecorder deliveryEvents;

    @BeforeAll
    static void start(TwdSystem system) throws Exception {
        system.start("shop", "order", "delivery");
        shop = system.url("shop");
        order = system.url("order");
        delivery = system.url("delivery");
        Ordering.warmUp(shop, order);
        deliveryEvents = new TopicRecorder(system.broker().connectionFactory(), "delivery.events");
    }

    @AfterAll
    static void stop() throws Exception {
        deliveryEvents.close();
    }

    @PactVerifyProvider("a DeliveryStarted event")
    MessageAndMetadata deliveryStarted() {
        long orderId = Ordering.placeOrder(shop, order, 7);
        long deliveryId = Ordering.awaitConfirmedDelivery(delivery, orderId);
        given().post(delivery + "/deliveries/" + deliveryId + "/start").then().statusCode(200);
        return PublishedEvents.published(deliveryEvents, "DeliveryStarted", "orderId", orderId);
    }

    @PactVerifyProvider("a DeliveryCancelled event")
    MessageAndMetadata deliveryCancelled() {
        long orderId = Ordering.placeOrder(shop, order, 7);
        Ordering.awaitConfirmedDelivery(delivery, orderId);
        given().post(order + "/orders/" + orderId + "/cancel").then().statusCode(200);
        return PublishedEvents.published(deliveryEvents, "DeliveryCancelled", "orderId", orderId);
    }
}
