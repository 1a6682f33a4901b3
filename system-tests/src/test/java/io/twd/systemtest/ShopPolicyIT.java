package io.twd.systemtest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.twd.testkit.EventSender;
import io.twd.testkit.TopicRecorder;
import io.twd.testkit.TwdSystem;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shop's phone status policy on its real server: order and delivery events, published
 * with a plain JMS client in the documented shape (docs/asyncapi.yaml examples), move the
 * phone between OrderAvailable, Ordered and Shipped, and each change is published as
 * EqpStatusChanged; out-of-order events and a shop that was down converge.
 */
@ExtendWith(SignedInSystem.class)
class ShopPolicyIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @BeforeAll
    static void start(TwdSystem system) {
        system.start("shop");
    }

    private record Phone(long id, long shopId, String eqpSernum) {
    }

    private static Phone register(TwdSystem system) {
        long shopId = 500 + EventContract.uniqueId() % 1000;
        String sernum = "SP-" + UUID.randomUUID().toString().substring(0, 12);
        long id = given().contentType(ContentType.JSON)
                .body("{\"shopId\":" + shopId + ",\"eqpNm\":\"galaxy_s21\",\"eqpSernum\":\"" + sernum + "\"}")
                .post(system.url("shop") + "/shops").then().statusCode(201).extract().jsonPath().getLong("id");
        return new Phone(id, shopId, sernum);
    }

    private static ObjectNode event(String type, Phone phone, long orderId, Instant at) {
        return EventContract.example(type, at, Map.of("orderId", orderId, "shopId", phone.shopId(),
                "eqpSernum", phone.eqpSernum()));
    }

    private static JsonPath phone(TwdSystem system, Phone phone) {
        return given().get(system.url("shop") + "/shops/" + phone.id()).then().statusCode(200).extract().jsonPath();
    }

    private static void awaitStatus(TwdSystem system, Phone phone, String status, Long orderId) {
        await().atMost(WAIT).untilAsserted(() -> {
            JsonPath json = phone(system, phone);
            assertThat(json.getString("eqpStatus")).isEqualTo(status);
            assertThat(json.get("orderId") == null ? null : json.getLong("orderId")).isEqualTo(orderId);
        });
    }

    /** @return the phone's published changes as {@code "<eqpStatus> <orderId>"}, in arrival order */
    private static List<String> statuses(TopicRecorder topic, Phone phone) {
        return changesOf(topic, phone).stream()
                .map(m -> JsonPath.from(m.body()).getString("eqpStatus") + " "
                        + JsonPath.from(m.body()).getString("orderId"))
                .toList();
    }

    private static List<TopicRecorder.Recorded> changesOf(TopicRecorder topic, Phone phone) {
        return topic.messages().stream().filter(m -> "EqpStatusChanged".equals(m.property("eventType"))
                && (phone.shopId() + "/" + phone.eqpSernum()).equals(m.correlationId())).toList();
    }

    @Test
    void orderedReservesCancelledFreesDeliveryStartedShips(TwdSystem system) throws Exception {
        Phone phone = register(system);
        long first = EventContract.uniqueId();
        long second = EventContract.uniqueId();
        Instant t = Instant.now();
        try (EventSender sender = new EventSender(system.broker().connectionFactory());
             TopicRecorder topic = new TopicRecorder(system.broker().connectionFactory(), "shop.events")) {
            EventContract.publish(sender, event("Ordered", phone, first, t));
            awaitStatus(system, phone, "Ordered", first);
            given().queryParam("shopId", phone.shopId()).queryParam("eqpStatus", "Ordered")
                    .get(system.url("shop") + "/shops").then().statusCode(200)
                    .body("items.eqpSernum", org.hamcrest.Matchers.hasItem(phone.eqpSernum()));

            EventContract.publish(sender, event("OrderCancelled", phone, first, t.plusSeconds(1)));
            awaitStatus(system, phone, "OrderAvailable", null);

            EventContract.publish(sender, event("Ordered", phone, second, t.plusSeconds(2)));
            awaitStatus(system, phone, "Ordered", second);
            EventContract.publish(sender, event("DeliveryStarted", phone, second, t.plusSeconds(3)));
            awaitStatus(system, phone, "Shipped", second);

            await().atMost(WAIT).untilAsserted(() -> assertThat(changesOf(topic, phone)).hasSize(4));
            List<TopicRecorder.Recorded> changes = changesOf(topic, phone);
            assertThat(changes).extracting(m -> JsonPath.from(m.body()).getString("eqpStatus"))
                    .containsExactly("Ordered", "OrderAvailable", "Ordered", "Shipped");
            for (TopicRecorder.Recorded change : changes) {
                assertThat(EventContract.violations("EqpStatusChanged", change.body())).isEmpty();
                assertThat(change.property("eventId")).isEqualTo(JsonPath.from(change.body()).getString("eventId"));
                assertThat(JsonPath.from(change.body()).getLong("phoneId")).isEqualTo(phone.id());
            }
        }
    }

    @Test
    void redeliveredEventChangesNothingMore(TwdSystem system) throws Exception {
        Phone phone = register(system);
        long order = EventContract.uniqueId();
        long later = EventContract.uniqueId();
        Instant t = Instant.now();
        try (EventSender sender = new EventSender(system.broker().connectionFactory());
             TopicRecorder topic = new TopicRecorder(system.broker().connectionFactory(), "shop.events")) {
            ObjectNode ordered = event("Ordered", phone, order, t);
            ObjectNode cancelled = event("OrderCancelled", phone, order, t.plusSeconds(1));
            EventContract.publish(sender, ordered);
            awaitStatus(system, phone, "Ordered", order);
            EventContract.publish(sender, cancelled);
            awaitStatus(system, phone, "OrderAvailable", null);
            // the same Ordered again, past the broker's duplicate detection (another _AMQ_DUPL_ID):
            // the consumer recognises its eventId, drops it as a duplicate and must not reserve the
            // phone again (the phone's stage only moves forward anyway: the log line tells the drop)
            String eventId = ordered.get("eventId").asText();
            sender.sendAgain("order.events", "Ordered", eventId, Long.toString(order), ordered.toString());
            await("the shop drops the redelivered Ordered").atMost(WAIT).until(() -> system.server("shop")
                    .logTail(400).contains(EventContract.droppedAsDuplicate(eventId, "Ordered")));
            EventContract.publish(sender, event("Ordered", phone, later, t.plusSeconds(2)));
            awaitStatus(system, phone, "Ordered", later);
            assertThat(changesOf(topic, phone)).extracting(m -> JsonPath.from(m.body()).getString("eqpStatus")
                    + "/" + JsonPath.from(m.body()).getString("orderId"))
                    .containsExactly("Ordered/" + order, "OrderAvailable/null", "Ordered/" + later);
        }
    }

    @Test
    void eventsArrivingBeforeTheirOrderedAreNotLost(TwdSystem system) throws Exception {
        Phone cancelledFirst = register(system);
        Phone shippedFirst = register(system);
        long a = EventContract.uniqueId();
        long b = EventContract.uniqueId();
        long c = EventContract.uniqueId();
        Instant t = Instant.now();
        try (EventSender sender = new EventSender(system.broker().connectionFactory());
             TopicRecorder topic = new TopicRecorder(system.broker().connectionFactory(), "shop.events")) {
            // order a is cancelled; its Ordered arrives after the cancellation
            EventContract.publish(sender, event("OrderCancelled", cancelledFirst, a, t.plusSeconds(1)));
            EventContract.publish(sender, event("Ordered", cancelledFirst, a, t));
            // then order b takes the phone: the phone must end reserved by b, never by a
            EventContract.publish(sender, event("Ordered", cancelledFirst, b, t.plusSeconds(2)));
            awaitStatus(system, cancelledFirst, "Ordered", b);

            // order c ships before its Ordered arrives
            EventContract.publish(sender, event("DeliveryStarted", shippedFirst, c, t.plusSeconds(1)));
            awaitStatus(system, shippedFirst, "Shipped", c);
            EventContract.publish(sender, event("Ordered", shippedFirst, c, t));
            EventContract.publish(sender, event("OrderCancelled", shippedFirst, c, t.plusSeconds(2)));
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(phone(system, shippedFirst).getString("eqpStatus"))
                            .isEqualTo("Shipped"));
            // The shop consumes with two sessions, so the cancellation of a and its Ordered may be
            // applied in either order. The cancelled order a never keeps the phone: either it never
            // reserved it, or its reservation was followed by OrderAvailable before b took it.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(statuses(topic, cancelledFirst))
                    .last().isEqualTo("Ordered " + b));
            List<String> statuses = statuses(topic, cancelledFirst);
            int reservedByA = statuses.indexOf("Ordered " + a);
            if (reservedByA >= 0) {
                assertThat(statuses.get(reservedByA + 1)).as(statuses.toString()).isEqualTo("OrderAvailable null");
            }
        }
    }

    @Test
    void shopThatWasDownCatchesUp(TwdSystem system) throws Exception {
        Phone phone = register(system);
        Phone other = register(system);
        long order = EventContract.uniqueId();
        long shipped = EventContract.uniqueId();
        Instant t = Instant.now();
        system.server("shop").stop();
        try (EventSender sender = new EventSender(system.broker().connectionFactory())) {
            EventContract.publish(sender, event("Ordered", phone, order, t));
            EventContract.publish(sender, event("Ordered", other, shipped, t));
            EventContract.publish(sender, event("DeliveryStarted", other, shipped, t.plusSeconds(1)));
        }
        system.start("shop");
        awaitStatus(system, phone, "Ordered", order);
        awaitStatus(system, other, "Shipped", shipped);
    }
}
