package io.twd.bench.simulation;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.twd.bench.Recorder;

import java.time.Duration;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.doIfOrElse;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * The spec's story per customer, by {@code bench.concurrency} virtual users, one distinct
 * registered phone per story, as the phone's customer:
 * <ol>
 *   <li>place the order ({@code POST /orders}, 201; metric {@code story: place order});</li>
 *   <li>one story in four cancels ({@code POST /orders/{id}/cancel}, 200; metric
 *       {@code story: cancel}), the others ship as staff ({@code POST /deliveries/{id}/start}, 200,
 *       retried every {@value #RETRY_MS} ms on 409 while delivery has not yet seen the order;
 *       metric {@code story: ship}, from the first attempt).</li>
 * </ol>
 * How long the events take to reach the mypage and the notifications is measured by the consumers
 * themselves (the benchmark reads their {@code events_lag_seconds} metric), not by polling.
 */
public class FullStory extends BenchSimulation {

    static final int RETRY_MS = 20;

    /** Sets up {@code bench.concurrency} users at once, each running its share of the stories. */
    public FullStory() {
        ChainBuilder placeOrder = exec(session -> session.remove("orderId").remove("deliveryId"))
                .exec(timed("story: place order", http("place order").post("/orders")
                        .header("Authorization", asCustomer()).body(StringBody(PlaceOrders.BODY))
                        .check(jsonPath("$.id").optional().saveAs("orderId"),
                                jsonPath("$.deliveryId").optional().saveAs("deliveryId")), 201));
        ChainBuilder cancel = timed("story: cancel", http("cancel").post("/orders/#{orderId}/cancel")
                .header("Authorization", asCustomer()), 200);
        ScenarioBuilder scenario = scenario("full story").exec(repeat(perUser()).on(
                feed(phones())
                        .exec(placeOrder)
                        .doIf(session -> session.contains("orderId") && session.contains("deliveryId")).then(
                                doIfOrElse(session -> session.getInt("n") % 4 == 0).then(cancel).orElse(ship()))));
        setUp(scenario.injectOpen(atOnceUsers(CONCURRENCY))).protocols(protocol);
    }

    /** Starts the delivery, retrying on 409 (the delivery has not seen the order yet) for up to 10 s. */
    private static ChainBuilder ship() {
        return exec(session -> session.set("shipStart", System.nanoTime()).set("shipStatus", 0))
                .asLongAs(session -> session.getInt("shipStatus") != 200
                        && System.nanoTime() - session.getLong("shipStart") < 10_000_000_000L).on(
                        exec(session -> session.remove("status"))
                                .exec(http("ship").post("/deliveries/#{deliveryId}/start")
                                        .header("Authorization", as(Tokens.STAFF)).check(status().saveAs("status")))
                                .exec(session -> session.set("shipStatus", statusOf(session)))
                                .doIf(session -> session.getInt("shipStatus") == 409).then(pause(Duration.ofMillis(RETRY_MS))))
                .exec(session -> {
                    int last = session.getInt("shipStatus");
                    Recorder.INSTANCE.record("story: ship", session.getLong("shipStart"), System.nanoTime(), last == 200, last);
                    return session;
                });
    }
}
