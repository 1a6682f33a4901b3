package io.twd.systemtest;

import static io.restassured.RestAssured.given;
import static io.twd.systemtest.Ordering.EVENTUAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.twd.testkit.TwdSystem;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A broker that hangs (frozen with SIGSTOP: its connections stay open, it answers nothing) makes a
 * change answer {@code 503 temporarily-unavailable} with {@code Retry-After} within a bound set by
 * the resource adapter's call timeout ({@code broker.call.timeout} in {@code liberty/messaging.xml}:
 * the publish, then the rollback of its branch), and nothing is written. A killed broker is
 * CrashDrill D. Once the broker answers again, the same changes succeed.
 */
@ExtendWith(SignedInSystem.class)
class BrokerOutageIT {

    /** The bound on a change's answer while the broker is frozen: two calls of 3 s, and margin. */
    private static final long BOUND_MS = 10_000;

    private static String shop;
    private static String order;

    @BeforeAll
    static void start(TwdSystem system) {
        system.start("shop", "order", "delivery");
        shop = system.url("shop");
        order = system.url("order");
        Ordering.warmUp(shop, order);
    }

    @Test
    void aChangeWhileTheBrokerIsFrozenIs503WithinTheBoundAndWritesNothing(TwdSystem system) {
        String sernum = Ordering.registerPhone(shop, 43, "galaxy_s21");
        // known to the order service, so that the order needs neither a lookup nor a wait
        Ordering.orderOnceKnown(order, 43, "galaxy_s21", Ordering.registerPhone(shop, 43, "galaxy_s21"))
                .then().statusCode(201);
        String unregistered = Ordering.uniqueSernum();
        String registration = "{\"shopId\":43,\"eqpNm\":\"galaxy_s21\",\"eqpSernum\":\"" + unregistered + "\"}";
        long orderMillis;
        long registerMillis;
        system.broker().freeze();
        try {
            orderMillis = timed(() -> Ordering.order(order, 43, "galaxy_s21", sernum));
            registerMillis = timed(() -> given().contentType(ContentType.JSON).body(registration)
                    .post(shop + "/shops"));
        } finally {
            system.broker().thaw();
        }
        System.out.printf("[broker frozen] POST /orders answered 503 in %d ms, POST /shops in %d ms%n",
                orderMillis, registerMillis);
        assertThat(orderMillis).as("POST /orders with the broker frozen (ms)").isLessThan(BOUND_MS);
        assertThat(registerMillis).as("POST /shops with the broker frozen (ms)").isLessThan(BOUND_MS);
        // nothing was written: the phone was not registered, and the other one is still orderable
        given().queryParam("shopId", 43).queryParam("eqpSernum", unregistered).get(shop + "/shops").then()
                .statusCode(200).body("totalItems", equalTo(0));
        await("orders are taken again once the broker answers").atMost(EVENTUAL).pollInterval(Duration.ofSeconds(1))
                .until(() -> Ordering.order(order, 43, "galaxy_s21", sernum).statusCode(), s -> s == 201);
        given().contentType(ContentType.JSON).body(registration).post(shop + "/shops").then().statusCode(201);
    }

    /** @return how long the request took to be answered 503 temporarily-unavailable with Retry-After (ms) */
    private static long timed(Supplier<Response> request) {
        long begin = System.nanoTime();
        Response response = request.get();
        long millis = (System.nanoTime() - begin) / 1_000_000;
        response.then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "5")
                .body("type", equalTo("urn:twd:problem:temporarily-unavailable"))
                .body("detail", containsString("nothing was changed"));
        return millis;
    }
}
