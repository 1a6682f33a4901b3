package io.twd.bench.simulation;

import io.gatling.javaapi.core.ScenarioBuilder;

import java.time.Duration;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.during;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

/**
 * The HTTP ceiling: {@code GET /info/order} (200), a JAX-RS resource that touches neither
 * database nor broker, through the gateway, by {@code bench.concurrency} virtual users for
 * {@code bench.seconds}. Metric: {@code trivial GET}.
 */
public class ServiceInfo extends BenchSimulation {

    /** Sets up {@code bench.concurrency} users calling for {@code bench.seconds}. */
    public ServiceInfo() {
        ScenarioBuilder scenario = scenario("trivial GET").exec(during(Duration.ofSeconds(SECONDS)).on(
                timed("trivial GET", http("trivial GET").get("/info/order"), 200)));
        setUp(scenario.injectOpen(atOnceUsers(CONCURRENCY))).protocols(protocol);
    }
}
