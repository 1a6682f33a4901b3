package io.twd.bench.simulation;

import io.gatling.javaapi.core.ScenarioBuilder;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

/**
 * A manager registers phones: {@code POST /shops} (201) for each phone of the range, by
 * {@code bench.concurrency} virtual users. The spec's single-table insert, plus the
 * {@code EqpRegistered} event in the same transaction. Metric: {@code register phone}.
 */
public class RegisterPhones extends BenchSimulation {

    static final String BODY = "{\"shopId\":#{shopId},\"eqpNm\":\"galaxy_s21\",\"eqpSernum\":\"#{eqpSernum}\"}";

    /** Sets up {@code bench.concurrency} users at once, each registering its share of the range. */
    public RegisterPhones() {
        ScenarioBuilder scenario = scenario("register phones").exec(repeat(perUser()).on(
                feed(phones()).exec(timed("register phone",
                        http("register phone").post("/shops").header("Authorization", as(Tokens.MANAGER))
                                .body(StringBody(BODY)), 201))));
        setUp(scenario.injectOpen(atOnceUsers(CONCURRENCY))).protocols(protocol);
    }
}
