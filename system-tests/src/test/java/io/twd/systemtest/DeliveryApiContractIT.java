package io.twd.systemtest;

import static io.restassured.RestAssured.given;

import au.com.dius.pact.provider.junit5.HttpTestTarget;
import au.com.dius.pact.provider.junit5.PactVerificationContext;
import au.com.dius.pact.provider.junit5.PactVerificationInvocationContextProvider;
import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.State;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;
import io.restassured.http.ContentType;
import io.twd.testkit.IdentityProvider;
import io.twd.testkit.TwdSystem;
import java.net.MalformedURLException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hc.core5.http.HttpRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The delivery service keeps its consumers' contracts with its request API (pacts/*-delivery.json,
 * written by the order service's {@code DeliveryApiPactTest}): each interaction is replayed
 * against the real delivery server, signed in as the order service (its own client-credentials
 * token), after its provider state has been made with the real APIs. Orders that only the contract made up get ids from 910,000,000 up.
 */
@Provider("delivery")
@PactFolder("../pacts")
@ExtendWith(SignedInSystem.class)
class DeliveryApiContractIT {

    private static String shop;
    private static String order;
    private static String delivery;

    @BeforeAll
    static void start(TwdSystem system) {
        system.start("shop", "order", "delivery");
        shop = system.url("shop");
        order = system.url("order");
        delivery = system.url("delivery");
        Ordering.warmUp(shop, order);
    }

    @BeforeEach
    void target(PactVerificationContext context) throws MalformedURLException {
        context.setTarget(HttpTestTarget.fromUrl(URI.create(delivery).toURL()));
    }

    @TestTemplate
    @ExtendWith(PactVerificationInvocationContextProvider.class)
    void keepsTheContract(PactVerificationContext context, HttpRequest request) {
        request.setHeader("Authorization", SignedInSystem.asOrderService());
        context.verifyInteraction();
    }

    @State("no delivery for an order")
    Map<String, Object> noDelivery() {
        return Map.of("orderId", madeUpOrderId());
    }

    @State("a delivery requested for an order")
    Map<String, Object> requested() {
        long orderId = madeUpOrderId();
        given().contentType(ContentType.JSON)
                .body("{\"orderId\":" + orderId + ",\"customerId\":\"" + IdentityProvider.DEFAULT_CUSTOMER
                        + "\",\"shopId\":7,\"eqpNm\":\"galaxy_s21\",\"eqpSernum\":\"" + Ordering.uniqueSernum() + "\"}")
                .post(delivery + "/deliveries/requests").then().statusCode(201);
        return Map.of("orderId", orderId);
    }

    @State("a delivery of another customer for an order")
    Map<String, Object> anotherCustomersDelivery() {
        return requested();
    }

    @State("a shipped delivery of an order")
    Map<String, Object> shipped() {
        long orderId = Ordering.placeOrder(shop, order, 7);
        long deliveryId = Ordering.awaitConfirmedDelivery(delivery, orderId);
        given().post(delivery + "/deliveries/" + deliveryId + "/start").then().statusCode(200);
        return Map.of("orderId", orderId);
    }

    private static long madeUpOrderId() {
        return 910_000_000L + ThreadLocalRandom.current().nextInt(90_000_000);
    }
}
