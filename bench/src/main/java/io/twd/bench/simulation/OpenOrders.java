package io.twd.bench.simulation;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.twd.bench.Recorder;

import java.time.Duration;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

/**
 * Customers arrive at a fixed rate whatever the system's answers (open model, Gatling's open
 * injection): {@code bench.rate} orders per second, at random instants (Poisson arrivals), for
 * {@code bench.seconds}, each a new virtual user who places one order ({@code POST /orders}) for
 * its own registered phone, as the phone's customer. Unlike a closed loop, a slow answer does not
 * slow the arrivals: the latency measured includes any queueing in the system. The virtual users
 * share one pool of keep-alive connections to the gateway. Metric: {@code place order}; the ids
 * of the orders placed are kept for the reads.
 */
public class OpenOrders extends BenchSimulation {

    /** Sets up the arrivals. */
    public OpenOrders() {
        ScenarioBuilder scenario = scenario("open orders").exec(
                feed(phones())
                        .exec(session -> session.remove("orderId"))
                        .exec(timed("place order", http("place order").post("/orders").header("Authorization", asCustomer())
                                .body(StringBody(PlaceOrders.BODY)).check(jsonPath("$.id").optional().saveAs("orderId")), 201))
                        .exec(session -> {
                            if (session.contains("orderId")) {
                                Recorder.INSTANCE.keep(session.getString("orderId") + " " + session.getString("customer"));
                            }
                            return session;
                        }));
        setUp(scenario.injectOpen(constantUsersPerSec(RATE).during(Duration.ofSeconds(SECONDS)).randomized()))
                .protocols(protocol.shareConnections());
    }
}
