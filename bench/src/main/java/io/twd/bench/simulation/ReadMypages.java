package io.twd.bench.simulation;

import io.gatling.javaapi.core.ScenarioBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.during;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

/**
 * Customers read their mypage entries: {@code GET /mypages/{orderId}} (200), each as the order's
 * own customer, for random orders among those placed earlier (lines {@code <orderId> <customer>}
 * of the file {@code bench.ids}), by {@code bench.concurrency} virtual users for
 * {@code bench.seconds}. Metric: {@code read mypage}.
 */
public class ReadMypages extends BenchSimulation {

    /** Sets up {@code bench.concurrency} users reading for {@code bench.seconds}. */
    public ReadMypages() {
        List<String> ids;
        try {
            ids = Files.readAllLines(Path.of(System.getProperty("bench.ids")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ScenarioBuilder scenario = scenario("read mypages").exec(during(Duration.ofSeconds(SECONDS)).on(
                exec(session -> {
                    String[] line = ids.get(ThreadLocalRandom.current().nextInt(ids.size())).split(" ");
                    return session.set("orderId", line[0]).set("customer", line[1]);
                })
                        .exec(timed("read mypage", http("read mypage").get("/mypages/#{orderId}")
                                .header("Authorization", asCustomer()), 200))));
        setUp(scenario.injectOpen(atOnceUsers(CONCURRENCY))).protocols(protocol);
    }
}
