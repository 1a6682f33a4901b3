package io.twd.bench.simulation;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.twd.bench.Recorder;

import java.time.Duration;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.doIfOrElse;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * The spec's story per customer, by {@code bench.concurrency} virtual users, one distinct
 * registered phone per story:
 * <ol>
 *   <li>place the order ({@code POST /orders}, 201; metric {@code story: place order});</li>
 *   <li>poll {@code GET /mypages/{orderId}} every {@value #POLL_MS} ms until the entry is there;
 *       the time from the 201 is metric {@code lag: mypage} (an error when not there within
 *       {@value #LAG_LIMIT_S} s);</li>
 *   <li>then poll {@code GET /messages?orderId=} until the order's first notification is
 *       recorded; the time from the 201 is metric {@code lag: notification} (polled after the
 *       mypage, so never below the mypage lag);</li>
 *   <li>one story in four cancels ({@code POST /orders/{id}/cancel}, 200; metric
 *       {@code story: cancel}), the others ship ({@code POST /deliveries/{id}/start}, 200,
 *       retried on 409 while the delivery has not yet seen the order; metric {@code story: ship},
 *       from the first attempt).</li>
 * </ol>
 */
public class FullStory extends BenchSimulation {

    static final int POLL_MS = 20;
    static final int LAG_LIMIT_S = 30;

    /** Sets up {@code bench.concurrency} users at once, each running its share of the stories. */
    public FullStory() {
        ChainBuilder placeOrder = exec(session -> session.remove("orderId").remove("deliveryId"))
                .exec(timed("story: place order", http("place order").post("/orders")
                        .header("Authorization", as(Tokens.CUSTOMER)).body(StringBody(PlaceOrders.BODY))
                        .check(jsonPath("$.id").optional().saveAs("orderId"),
                                jsonPath("$.deliveryId").optional().saveAs("deliveryId")), 201));
        ChainBuilder awaitMypage = awaitVisible("lag: mypage",
                http("poll mypage").get("/mypages/#{orderId}").header("Authorization", as(Tokens.CUSTOMER)).check(status().saveAs("pollStatus")),
                session -> session.contains("pollStatus") && session.getInt("pollStatus") == 200);
        ChainBuilder awaitNotification = awaitVisible("lag: notification",
                http("poll messages").get("/messages?orderId=#{orderId}")
                        .header("Authorization", as(Tokens.CUSTOMER))
                        .check(jsonPath("$.items[0].id").optional().saveAs("notification")),
                session -> session.contains("notification"));
        ChainBuilder cancel = timed("story: cancel", http("cancel").post("/orders/#{orderId}/cancel")
                .header("Authorization", as(Tokens.CUSTOMER)), 200);
        ChainBuilder afterOrder = exec(session -> session.set("t201", session.getLong("tEnd")))
                .exec(awaitMypage)
                .exec(awaitNotification)
                .exec(doIfOrElse(session -> session.getInt("n") % 4 == 0).then(cancel).orElse(ship()));
        ScenarioBuilder scenario = scenario("full story").exec(repeat(perUser()).on(
                feed(phones())
                        .exec(placeOrder)
                        .doIf(session -> session.contains("orderId") && session.contains("deliveryId")).then(afterOrder)));
        setUp(scenario.injectOpen(atOnceUsers(CONCURRENCY))).protocols(protocol);
    }

    /**
     * Polls until {@code visible} holds, then records the time since {@code t201}.
     */
    private static ChainBuilder awaitVisible(String metric, io.gatling.javaapi.http.HttpRequestActionBuilder poll,
                                             java.util.function.Predicate<Session> visible) {
        return exec(session -> session.remove("pollStatus").remove("notification").set("visible", false))
                .asLongAs(session -> !session.getBoolean("visible")
                        && System.nanoTime() - session.getLong("t201") < LAG_LIMIT_S * 1_000_000_000L).on(
                        exec(poll)
                                .exec(session -> session.set("visible", visible.test(session)))
                                .doIf(session -> !session.getBoolean("visible")).then(pause(Duration.ofMillis(POLL_MS))))
                .exec(session -> {
                    boolean seen = session.getBoolean("visible");
                    Recorder.INSTANCE.record(metric, session.getLong("t201"), System.nanoTime(), seen, seen ? 200 : -1);
                    return session;
                });
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
                                .doIf(session -> session.getInt("shipStatus") == 409).then(pause(Duration.ofMillis(POLL_MS))))
                .exec(session -> {
                    int last = session.getInt("shipStatus");
                    Recorder.INSTANCE.record("story: ship", session.getLong("shipStart"), System.nanoTime(), last == 200, last);
                    return session;
                });
    }
}
