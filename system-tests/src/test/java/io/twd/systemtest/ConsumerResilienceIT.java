package io.twd.systemtest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.twd.testkit.EventSender;
import io.twd.testkit.TwdSystem;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Poison messages: a malformed event, or one of a type no consumer knows, is redelivered a
 * bounded number of times and then lands on the dead-letter queue of its topic
 * ({@code DLQ.<address>} on the address {@code DLA}, one copy per subscription, marked with the
 * subscription's queue in {@code _AMQ_ORIG_QUEUE}), logged with its id, while the good events
 * behind it are still processed by every consumer (shop, message, mypage).
 *
 * <p>The resource adapter escapes the dot of a subscription name in its queue name: the
 * subscription {@code shop.order-events} is the queue {@code shop\.order-events}.
 */
@ExtendWith(SignedInSystem.class)
class ConsumerResilienceIT {

    private static final Duration DLQ_WAIT = Duration.ofSeconds(90);
    private static final List<String> SUBSCRIPTION_QUEUES = List.of("shop\\.order-events",
            "message\\.order-events", "mypage\\.order-events");
    private static final String DEAD_LETTERS = "DLA::DLQ.order.events";

    @BeforeAll
    static void start(TwdSystem system) {
        system.start("shop", "mypage");
        MailSink.startMessageServer(system);
    }

    private static List<EventSender.Browsed> deadLetters(TwdSystem system) throws Exception {
        try (EventSender sender = new EventSender(system.broker().connectionFactory())) {
            return sender.browseWithProperties(DEAD_LETTERS);
        }
    }

    private static List<String> queueNames(TwdSystem system) throws Exception {
        try (EventSender sender = new EventSender(system.broker().connectionFactory())) {
            return sender.queueNames();
        }
    }

    @Test
    void subscriptionQueuesAreNamedAfterTheirService(TwdSystem system) throws Exception {
        assertThat(queueNames(system)).contains("shop\\.order-events", "shop\\.delivery-events",
                "message\\.order-events", "message\\.delivery-events", "mypage\\.order-events",
                "mypage\\.delivery-events");
    }

    @Test
    void malformedMessagesEndOnTheDeadLetterQueuesAndDoNotBlockTheNextOnes(TwdSystem system) throws Exception {
        String marker = UUID.randomUUID().toString();
        String notJson = "not json " + marker;
        long unknownOrder = EventContract.uniqueId();
        ObjectNode unknownType = EventContract.example("Ordered", Instant.now(), Map.of("orderId", unknownOrder));
        unknownType.put("eventType", "OrderPaid");
        unknownType.put("marker", marker);
        long goodOrder = EventContract.uniqueId();
        String email = "resilience-" + goodOrder + "@example.com";
        try (EventSender sender = new EventSender(system.broker().connectionFactory())) {
            sender.sendRaw("order.events", notJson, Map.of("eventType", "Ordered",
                    "eventId", UUID.randomUUID().toString()), null);
            // the property says Ordered (selected) but the event is of a type no consumer knows
            sender.sendRaw("order.events", unknownType.toString(), Map.of("eventType", "Ordered",
                    "eventId", unknownType.get("eventId").asText()), Long.toString(unknownOrder));
            EventContract.publish(sender, EventContract.example("Ordered", Instant.now(),
                    Map.of("orderId", goodOrder, "customerEmail", email)));
        }
        // the good event behind them is processed by every consumer
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            given().get(system.url("mypage") + "/mypages/" + goodOrder).then().statusCode(200)
                    .body("status", equalTo("Ordered"));
            given().queryParam("orderId", goodOrder).get(system.url("message") + "/messages").then()
                    .statusCode(200).body("totalItems", equalTo(1));
            assertThat(MailSink.to(email)).hasSize(1);
        });
        // both poison messages end on the topic's dead-letter queue, once per subscription, after bounded redeliveries
        for (String queue : SUBSCRIPTION_QUEUES) {
            await().atMost(DLQ_WAIT).untilAsserted(() -> assertThat(deadLetters(system))
                    .as(DEAD_LETTERS + " from " + queue + "; the broker's queues: " + queueNames(system))
                    .filteredOn(m -> queue.equals(m.properties().get("_AMQ_ORIG_QUEUE")))
                    .anyMatch(m -> notJson.equals(m.text()))
                    .anyMatch(m -> m.text() != null && m.text().contains(marker) && m.text().contains("OrderPaid")));
        }
        // exactly one copy per subscription (other services' subscriptions to the topic may add their own)
        for (String queue : SUBSCRIPTION_QUEUES) {
            assertThat(deadLetters(system)).filteredOn(m -> queue.equals(m.properties().get("_AMQ_ORIG_QUEUE")))
                    .filteredOn(m -> notJson.equals(m.text())).hasSize(1);
        }
        given().get(system.url("mypage") + "/mypages/" + unknownOrder).then().statusCode(404);
        given().queryParam("orderId", unknownOrder).get(system.url("message") + "/messages").then()
                .statusCode(200).body("totalItems", equalTo(0));
        for (String service : List.of("shop", "message", "mypage")) {
            assertThat(system.server(service).logTail(2000)).as(service + " log")
                    .contains("Malformed event").contains("unknown eventType \"OrderPaid\"");
        }
        // broker.xml: 6 deliveries (the first and 5 redeliveries), 200 ms apart at first, each gap
        // 2.5 times the one before (+-20 % against collisions), then the dead-letter queue. A gap
        // also holds the failed attempt's rollback and error report (the first, with its FFDC
        // incident written, took up to 2 s here): generous above, strict below.
        List<Long> attempts = attemptTimes(system.server("shop").logTail(4000), "Malformed event \""
                + unknownType.get("eventId").asText() + "\"", "(subscription shop.order-events; rolled back");
        assertThat(attempts).as("deliveries of the poison message to shop").hasSize(6);
        double expected = 200;
        for (int i = 1; i < attempts.size(); i++) {
            long gap = attempts.get(i) - attempts.get(i - 1);
            assertThat((double) gap).as("gap before redelivery %d, in ms (%s)", i, attempts)
                    .isBetween(expected * 0.8 - 50, expected * 1.2 + 3000);
            expected = Math.min(expected * 2.5, 10_000);
        }
    }

    private static final Pattern LOG_TIME = Pattern.compile("^\\[\\d+/\\d+/\\d+, (\\d+):(\\d+):(\\d+):(\\d+) UTC\\]");

    /** The times (ms of the day) of the log records (their first lines) that contain both texts. */
    private static List<Long> attemptTimes(String log, String text, String andText) {
        return log.lines().filter(l -> l.contains(text) && l.contains(andText)).map(LOG_TIME::matcher)
                .filter(Matcher::find)
                .map(m -> ((Long.parseLong(m.group(1)) * 60 + Long.parseLong(m.group(2))) * 60
                        + Long.parseLong(m.group(3))) * 1000 + Long.parseLong(m.group(4)))
                .toList();
    }
}
