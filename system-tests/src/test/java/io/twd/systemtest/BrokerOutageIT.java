package io.twd.systemtest;

import static io.restassured.RestAssured.given;
import static io.twd.systemtest.Ordering.EVENTUAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.twd.testkit.TopicRecorder;
import io.twd.testkit.TwdSystem;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A broker that hangs (frozen with SIGSTOP: its connections stay open, it answers nothing) does
 * not hold up a change: the change commits with its events in the service's outbox and is
 * answered {@code 201} as fast as with the broker up, since no request calls the broker. Once the
 * broker answers again, the outbox relay sends the events and every consumer applies them. A
 * killed broker is CrashDrill D.
 */
@ExtendWith(SignedInSystem.class)
class BrokerOutageIT {

    /** A change's answer while the broker is frozen: far below the broker's call timeout (3 s). */
    private static final long BOUND_MS = 2_000;

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
    void aChangeWhileTheBrokerIsFrozenCommitsAtOnceAndItsEventsLeaveOnceTheBrokerAnswers(TwdSystem system)
            throws Exception {
        // known to the order service, so that the order needs neither a lookup nor a wait
        String sernum = Ordering.registerPhone(shop, 43, "galaxy_s21");
        Ordering.orderOnceKnown(order, 43, "galaxy_s21", Ordering.registerPhone(shop, 43, "galaxy_s21"))
                .then().statusCode(201);
        String unregistered = Ordering.uniqueSernum();
        String registration = "{\"shopId\":43,\"eqpNm\":\"galaxy_s21\",\"eqpSernum\":\"" + unregistered + "\"}";
        long orderMillis;
        long registerMillis;
        try (TopicRecorder shopEvents = new TopicRecorder(system.broker().connectionFactory(), "shop.events")) {
            system.broker().freeze();
            try {
                orderMillis = created(() -> Ordering.order(order, 43, "galaxy_s21", sernum));
                registerMillis = created(() -> given().contentType(ContentType.JSON).body(registration)
                        .post(shop + "/shops"));
                // committed: the phone is registered and ordered, while the events wait in the outboxes
                assertThat(eqpStatus(43, unregistered)).isEqualTo("OrderAvailable");
                assertThat(eqpStatus(43, sernum)).isEqualTo("OrderAvailable");
            } finally {
                system.broker().thaw();
            }
            // once the broker answers, the registration's event leaves the shop's outbox
            assertThat(shopEvents.await(m -> "EqpRegistered".equals(m.property("eventType"))
                    && m.body().contains("\"" + unregistered + "\""), EVENTUAL)).isPresent();
        }
        System.out.printf("[broker frozen] POST /orders answered 201 in %d ms, POST /shops in %d ms%n",
                orderMillis, registerMillis);
        assertThat(orderMillis).as("POST /orders with the broker frozen (ms)").isLessThan(BOUND_MS);
        assertThat(registerMillis).as("POST /shops with the broker frozen (ms)").isLessThan(BOUND_MS);
        // and the order's event leaves the order service's outbox: the shop applies Ordered
        await("the shop applies Ordered once the broker answers").atMost(EVENTUAL)
                .pollInterval(Duration.ofMillis(300)).until(() -> eqpStatus(43, sernum), "Ordered"::equals);
    }

    /** @return how long the request took to be answered 201 Created (ms) */
    private static long created(Supplier<Response> request) {
        long begin = System.nanoTime();
        Response response = request.get();
        long millis = (System.nanoTime() - begin) / 1_000_000;
        response.then().statusCode(201);
        return millis;
    }

    private static String eqpStatus(long shopId, String sernum) {
        return given().queryParam("shopId", shopId).queryParam("eqpSernum", sernum).get(shop + "/shops").then()
                .statusCode(200).extract().jsonPath().getString("items[0].eqpStatus");
    }
}
