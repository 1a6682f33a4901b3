package io.twd.systemtest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.path.json.JsonPath;
import io.twd.testkit.EventSender;
import io.twd.testkit.TwdSystem;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The message service on its real server: every change the customer sees (the documented
 * examples of the order-status events, published with a plain JMS client) produces exactly one
 * e-mail, received by an SMTP sink in the test JVM, and one notification record in
 * GET /messages ({@code DeliveryCancelled} none: the order's {@code OrderCancelled} tells it);
 * redeliveries, a server that was down and an SMTP server that was down change nothing to
 * "exactly one".
 */
@ExtendWith(SignedInSystem.class)
class MessageIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final List<String> ORDER_STATUS_EVENTS = List.of("Ordered", "OrderCancelled", "DeliveryStarted",
            "DeliveryCancelled");

    @BeforeAll
    static void start(TwdSystem system) {
        EventContract.stopOrderAndDelivery(system);
        MailSink.startMessageServer(system);
    }

    @AfterAll
    static void dropMadeUpEvents(TwdSystem system) throws Exception {
        EventContract.dropMadeUpEventsOfOrderAndDelivery(system);
    }

    private static String email() {
        return "c-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    private static ObjectNode event(String type, long orderId, String email, Instant at) {
        return EventContract.example(type, at, Map.of("orderId", orderId, "customerEmail", email,
                "customerId", "cust-" + orderId));
    }

    private static List<Map<String, Object>> messagesOf(TwdSystem system, long orderId) {
        return given().queryParam("orderId", orderId).queryParam("size", 200).get(system.url("message") + "/messages")
                .then().statusCode(200).extract().jsonPath().getList("items");
    }

    @Test
    void everyChangeTheCustomerSeesSendsExactlyOneEmail(TwdSystem system) throws Exception {
        long orderId = EventContract.uniqueId();
        String email = email();
        Instant t = Instant.now();
        try (EventSender sender = new EventSender(system.broker().connectionFactory())) {
            for (int i = 0; i < ORDER_STATUS_EVENTS.size(); i++) {
                EventContract.publish(sender, event(ORDER_STATUS_EVENTS.get(i), orderId, email, t.plusSeconds(i)));
            }
            await().atMost(WAIT).untilAsserted(() -> assertThat(MailSink.to(email)).hasSize(3));
            // DeliveryCancelled was taken off its subscription and notified nothing (OrderCancelled tells it)
            await().atMost(WAIT).until(() -> sender.messageCount("message\\.delivery-events") == 0
                    && sender.messageCount("message\\.order-events") == 0);
        }
        await().during(Duration.ofSeconds(2)).atMost(WAIT).untilAsserted(() -> assertThat(MailSink.to(email))
                .extracting(MimeMessage::getSubject).containsExactlyInAnyOrder("Order " + orderId + " placed",
                        "Order " + orderId + " cancelled", "Order " + orderId + " shipped"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(messagesOf(system, orderId))
                .hasSize(3).allSatisfy(m -> assertThat(m.get("status")).isEqualTo("SENT")));
        JsonPath first = given().queryParam("orderId", orderId).get(system.url("message") + "/messages").then()
                .statusCode(200).body("totalItems", equalTo(3)).extract().jsonPath();
        assertThat(first.getList("items.eventType", String.class)).containsExactlyInAnyOrder(
                "Ordered", "OrderCancelled", "DeliveryStarted");
        assertThat(first.getList("items.recipient", String.class)).containsOnly(email);
        assertThat(first.getList("items.customerId", String.class)).containsOnly("cust-" + orderId);
        assertThat(first.getList("items.channel", String.class)).containsOnly("EMAIL");
        assertThat(first.getList("items.attempts", Integer.class)).containsOnly(1);
        assertThat(first.getList("items.text", String.class)).allSatisfy(text -> assertThat(text).contains("galaxy"));
        // each e-mail's Message-ID is its notification's: a copy sent again after a crash is the same message
        List<String> messageIds = new ArrayList<>();
        for (MimeMessage received : MailSink.to(email)) {
            messageIds.add(received.getMessageID());
        }
        assertThat(messageIds).containsExactlyInAnyOrderElementsOf(first.getList("items.eventId", String.class)
                .stream().map(eventId -> "<" + eventId + "@twd-direct.message>").toList());
        long id = first.getLong("items[0].id");
        given().get(system.url("message") + "/messages/" + id).then().statusCode(200)
                .body("orderId", equalTo(orderId)).body("sentAt", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void redeliveredEventIsNotSentAgain(TwdSystem system) throws Exception {
        long orderId = EventContract.uniqueId();
        String email = email();
        ObjectNode ordered = event("Ordered", orderId, email, Instant.now());
        try (EventSender sender = new EventSender(system.broker().connectionFactory())) {
            EventContract.publish(sender, ordered);
            await().atMost(WAIT).untilAsserted(() -> assertThat(MailSink.to(email)).hasSize(1));
            // the same event again past the broker's duplicate detection: the consumer must see its eventId
            sender.sendRaw("order.events", ordered.toString(), Map.of("eventType", "Ordered",
                    "eventId", ordered.get("eventId").asText(), "_AMQ_DUPL_ID", UUID.randomUUID().toString()),
                    Long.toString(orderId));
            // then another event of the order, processed after it on the same subscription
            EventContract.publish(sender, event("OrderCancelled", orderId, email, Instant.now()));
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(MailSink.to(email)).hasSize(2));
        await().atMost(WAIT).untilAsserted(() -> assertThat(messagesOf(system, orderId)).hasSize(2));
        assertThat(MailSink.to(email)).extracting(MimeMessage::getSubject)
                .containsExactlyInAnyOrder("Order " + orderId + " placed", "Order " + orderId + " cancelled");
        // dropped as a duplicate, and acknowledged: not rolled back into redeliveries (which would keep
        // it on the subscription for ~13 s of backoff) and not dead-lettered
        String eventId = ordered.get("eventId").asText();
        await().atMost(WAIT).until(() -> system.server("message").logTail(400)
                .contains("Event " + eventId + " (\"Ordered\") was applied before: dropped as a duplicate")); // ProcessedEvents
        try (EventSender sender = new EventSender(system.broker().connectionFactory())) {
            await("the subscription stays empty").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> sender.messageCount("message\\.order-events") == 0); // the shared subscription's queue
            if (sender.queueNames().contains("DLQ.order.events")) {
                assertThat(sender.browseWithProperties("DLA::DLQ.order.events"))
                        .noneMatch(m -> eventId.equals(m.properties().get("eventId")));
            }
        }
    }

    @Test
    void eventWithoutEmailIsRecordedAsSkipped(TwdSystem system) throws Exception {
        long orderId = EventContract.uniqueId();
        ObjectNode started = EventContract.example("DeliveryStarted", Instant.now(),
                java.util.Collections.singletonMap("orderId", (Object) orderId));
        started.remove("customerEmail");
        try (EventSender sender = new EventSender(system.broker().connectionFactory())) {
            EventContract.publish(sender, started);
        }
        await().atMost(WAIT).untilAsserted(() -> given().queryParam("orderId", orderId)
                .get(system.url("message") + "/messages").then().statusCode(200)
                .body("totalItems", equalTo(1))
                .body("items[0].status", equalTo("SKIPPED"))
                .body("items[0].attempts", equalTo(0)));
        given().queryParam("status", "SKIPPED").queryParam("size", 200).get(system.url("message") + "/messages")
                .then().statusCode(200).body("items.orderId", hasItem(orderId));
        given().queryParam("status", "LOST").get(system.url("message") + "/messages").then().statusCode(400)
                .contentType("application/problem+json");
        given().get(system.url("message") + "/messages/987654321").then().statusCode(404);
    }

    @Test
    void smtpServerDownIsRetriedWithBackoff(TwdSystem system) throws Exception {
        long orderId = EventContract.uniqueId();
        String email = email();
        MailSink.stop();
        try {
            try (EventSender sender = new EventSender(system.broker().connectionFactory())) {
                EventContract.publish(sender, event("Ordered", orderId, email, Instant.now()));
            }
            await().atMost(WAIT).untilAsserted(() -> given().queryParam("orderId", orderId)
                    .get(system.url("message") + "/messages").then().statusCode(200)
                    .body("items[0].status", equalTo("PENDING"))
                    // our words: no host, port or text of the mail server's answer reaches the customer
                    .body("items[0].lastError", equalTo("The mail server did not take the e-mail; it is sent again later."))
                    .body("items[0].nextAttemptAt", org.hamcrest.Matchers.notNullValue()));
        } finally {
            MailSink.start();
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(MailSink.to(email)).hasSize(1));
        await().atMost(WAIT).untilAsserted(() -> given().queryParam("orderId", orderId)
                .get(system.url("message") + "/messages").then().statusCode(200)
                .body("items[0].status", equalTo("SENT"))
                .body("items[0].attempts", org.hamcrest.Matchers.greaterThan(1)));
    }

    @Test
    void theNotificationsWaitingToBeSentAreAGauge(TwdSystem system) throws Exception {
        String email = email();
        List<Long> orders = List.of(EventContract.uniqueId(), EventContract.uniqueId(), EventContract.uniqueId());
        MailSink.stop();
        double waitingWhileDown;
        try {
            try (EventSender sender = new EventSender(system.broker().connectionFactory())) {
                for (long orderId : orders) {
                    EventContract.publish(sender, event("Ordered", orderId, email, Instant.now()));
                }
            }
            for (long orderId : orders) {
                await().atMost(WAIT).untilAsserted(() -> given().queryParam("orderId", orderId)
                        .get(system.url("message") + "/messages").then().statusCode(200)
                        .body("items[0].status", equalTo("PENDING")));
            }
            waitingWhileDown = notificationsWaiting(system);
            assertThat(waitingWhileDown).as("notifications_waiting while the mail server is down").isGreaterThanOrEqualTo(3);
        } finally {
            MailSink.start();
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(MailSink.to(email)).hasSize(3));
        await().atMost(WAIT).untilAsserted(() -> assertThat(notificationsWaiting(system))
                .as("notifications_waiting once they are sent").isLessThanOrEqualTo(waitingWhileDown - 3));
    }

    /** @return the message server's {@code notifications_waiting} gauge (the sender's backlog) */
    private static double notificationsWaiting(TwdSystem system) {
        List<String> samples = given().get(system.url("message") + "/metrics?scope=application").then().statusCode(200)
                .extract().asString().lines().filter(l -> l.startsWith("notifications_waiting")).toList();
        assertThat(samples).as("notifications_waiting at the message server's /metrics").hasSize(1);
        return Double.parseDouble(samples.get(0).substring(samples.get(0).lastIndexOf(' ') + 1));
    }

    @Test
    void messageServerThatWasDownSendsWhatItMissedExactlyOnce(TwdSystem system) throws Exception {
        List<Long> orders = List.of(EventContract.uniqueId(), EventContract.uniqueId(), EventContract.uniqueId());
        String email = email();
        system.server("message").stop();
        try (EventSender sender = new EventSender(system.broker().connectionFactory())) {
            Instant t = Instant.now();
            EventContract.publish(sender, event("Ordered", orders.get(0), email, t));
            EventContract.publish(sender, event("OrderCancelled", orders.get(1), email, t));
            EventContract.publish(sender, event("DeliveryStarted", orders.get(2), email, t));
        } finally {
            MailSink.startMessageServer(system);
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(MailSink.to(email)).hasSize(3));
        for (long orderId : orders) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(messagesOf(system, orderId)).singleElement()
                    .satisfies(m -> assertThat(m.get("status")).isEqualTo("SENT")));
        }
        assertThat(MailSink.to(email)).hasSize(3);
    }
}
