package io.twd.bench.simulation;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.twd.bench.Recorder;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

/**
 * Customers place orders, each for a distinct registered phone: {@code POST /orders} (201:
 * the order row, the synchronous delivery request and {@code Ordered} in the outbox, in one
 * transaction),
 * by {@code bench.concurrency} virtual users, each placing its share of the range back to
 * back. Metric: {@code place order}; the ids of the orders placed are kept for the reads.
 */
public class PlaceOrders extends BenchSimulation {

    static final String BODY = "{\"shopId\":#{shopId},\"eqpNm\":\"galaxy_s21\",\"eqpSernum\":\"#{eqpSernum}\","
            + "\"customerEmail\":\"#{customerEmail}\"}";

    /** Sets up {@code bench.concurrency} users at once, each ordering its share of the range. */
    public PlaceOrders() {
        ScenarioBuilder scenario = scenario("place orders").exec(repeat(perUser()).on(
                feed(phones())
                        .exec(session -> session.remove("orderId"))
                        .exec(timed("place order", http("place order").post("/orders").header("Authorization", as(Tokens.CUSTOMER))
                                        .body(StringBody(BODY))
                                .check(jsonPath("$.id").optional().saveAs("orderId")), 201))
                        .exec(session -> {
                            if (session.contains("orderId")) {
                                Recorder.INSTANCE.keep(session.getString("orderId"));
                            }
                            return session;
                        })));
        setUp(scenario.injectOpen(atOnceUsers(CONCURRENCY))).protocols(protocol);
    }
}
