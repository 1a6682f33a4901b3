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
 * transaction), closed model: {@code bench.concurrency} virtual users, each placing its share of
 * the range back to back, each order by the phone's customer ({@link Tokens#customer}). Metric:
 * {@code place order}; the ids of the orders placed are kept for the reads.
 */
public class PlaceOrders extends BenchSimulation {

    /** The spec's body of {@code POST /orders}; the customer and the e-mail come from the token. */
    static final String BODY = "{\"shopId\":#{shopId},\"eqpNm\":\"galaxy_s21\",\"eqpSernum\":\"#{eqpSernum}\"}";

    /** Sets up {@code bench.concurrency} users at once, each ordering its share of the range. */
    public PlaceOrders() {
        ScenarioBuilder scenario = scenario("place orders").exec(repeat(perUser()).on(
                feed(phones())
                        .exec(session -> session.remove("orderId"))
                        .exec(timed("place order", http("place order").post("/orders").header("Authorization", asCustomer())
                                        .body(StringBody(BODY))
                                .check(jsonPath("$.id").optional().saveAs("orderId")), 201))
                        .exec(session -> {
                            if (session.contains("orderId")) {
                                Recorder.INSTANCE.keep(session.getString("orderId") + " " + session.getString("customer"));
                            }
                            return session;
                        })));
        setUp(scenario.injectOpen(atOnceUsers(CONCURRENCY))).protocols(protocol);
    }
}
