package io.twd.systemtest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.twd.testkit.TwdSystem;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Delivery's sweeper, the backstop for a request whose order never committed (and whose discard
 * from the order service was lost): once unconfirmed for longer than
 * {@code delivery.request.ttl.seconds}, the request is discarded and one log line names it; a
 * confirmed delivery is never touched. Runs the delivery server with a TTL of 3 s and a sweep
 * every second, then starts it again with the usual settings (600 s and 30 s).
 */
@ExtendWith(SignedInSystem.class)
class DeliverySweeperIT {

    @Test
    void aRequestLeftUnconfirmedIsDiscardedAfterItsTtlAndLogged(TwdSystem system) {
        system.start("shop", "order", "delivery");
        String shop = system.url("shop");
        String order = system.url("order");
        String delivery = system.url("delivery");
        system.restartWith("delivery", Map.of("DELIVERY_REQUEST_TTL_SECONDS", "3", "DELIVERY_REQUEST_SWEEP_SECONDS", "1"));
        try {
            Ordering.warmUp(shop, order);
            long committed = Ordering.placeOrder(shop, order, 27);
            long confirmed = Ordering.awaitConfirmedDelivery(delivery, committed);

            long orderId = 900_000_000L + ThreadLocalRandom.current().nextInt(100_000_000);
            Response opened = given().contentType(ContentType.JSON)
                    .body("{\"orderId\":" + orderId + ",\"customerId\":\"c-9\",\"shopId\":27,\"eqpNm\":\"galaxy_s21\","
                            + "\"eqpSernum\":\"" + Ordering.uniqueSernum() + "\"}")
                    .post(delivery + "/deliveries/requests");
            opened.then().statusCode(201).body("deliveryStatus", equalTo("DeliveryRequested"));
            long requestId = opened.jsonPath().getLong("id");

            await("the sweeper discards request " + requestId).atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> given().get(delivery + "/deliveries/" + requestId).then().statusCode(200)
                            .extract().jsonPath().getString("deliveryStatus"), "DeliveryDiscarded"::equals);
            assertThat(system.server("delivery").logTail(4000))
                    .contains("Discarded delivery request " + requestId + " of order " + orderId + ": unconfirmed after 3 s");
            given().get(delivery + "/deliveries/" + confirmed).then().statusCode(200)
                    .body("deliveryStatus", equalTo("DeliveryConfirmed"));
        } finally {
            system.restartWith("delivery", Map.of());
        }
    }
}
