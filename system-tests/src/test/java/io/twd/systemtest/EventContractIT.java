package io.twd.systemtest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.http.ContentType;
import io.twd.testkit.EventSender;
import io.twd.testkit.TopicRecorder;
import io.twd.testkit.TwdSystem;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The event contract, docs/asyncapi.yaml: the document is complete (every event of
 * docs/events.md on its topic, with a schema and a valid example), its schemas reject what
 * breaks the contract, and the events the real shop server publishes (EqpRegistered,
 * EqpStatusChanged) validate against it, JMS properties included.
 */
@ExtendWith(SignedInSystem.class)
class EventContractIT {

    @BeforeAll
    static void start(TwdSystem system) {
        system.start("shop");
    }

    @Test
    void documentDescribesEveryEventOnItsTopicWithAValidExample() {
        assertThat(EventContract.eventTypes()).containsExactlyInAnyOrderElementsOf(EventContract.TOPIC.keySet());
        JsonNode channels = EventContract.document().path("channels");
        EventContract.TOPIC.forEach((type, topic) -> {
            assertThat(channels.path(topic).path("subscribe").path("message").path("oneOf").toString())
                    .as(type + " on " + topic).contains("#/components/messages/" + type + "\"");
            String example = EventContract.example(type).toString();
            assertThat(EventContract.violations(type, example)).as(type + " example").isEmpty();
        });
    }

    @Test
    void schemasRejectWhatBreaksTheContract() {
        assertThat(EventContract.violations("Ordered",
                EventContract.example("Ordered", Instant.now(), Map.of("orderId", "42")).toString())).isNotEmpty();
        assertThat(EventContract.violations("Ordered",
                EventContract.example("Ordered", Instant.now(), java.util.Collections.singletonMap("customerId", null))
                        .toString())).isNotEmpty();
        assertThat(EventContract.violations("DeliveryStarted",
                EventContract.example("DeliveryStarted", Instant.now(), Map.of("deliveryStatus", "Shipped"))
                        .toString())).isNotEmpty();
        assertThat(EventContract.violations("EqpStatusChanged",
                EventContract.example("EqpStatusChanged", Instant.now(), Map.of("eqpStatus", "Ordered"))
                        .without("orderId").toString())).isNotEmpty();
        assertThat(EventContract.violations("EqpRegistered",
                EventContract.example("EqpRegistered", Instant.now(), Map.of("eventId", "not-a-uuid")).toString()))
                .isNotEmpty();
    }

    @Test
    void shopPublishesEqpRegisteredAndEqpStatusChangedAsDocumented(TwdSystem system) throws Exception {
        String sernum = "EC-" + UUID.randomUUID().toString().substring(0, 12);
        long orderId = EventContract.uniqueId();
        try (TopicRecorder topic = new TopicRecorder(system.broker().connectionFactory(), "shop.events");
             EventSender sender = new EventSender(system.broker().connectionFactory())) {
            given().contentType(ContentType.JSON)
                    .body("{\"shopId\":3,\"eqpNm\":\"galaxy_s21\",\"eqpSernum\":\"" + sernum + "\"}")
                    .post(system.url("shop") + "/shops").then().statusCode(201);
            TopicRecorder.Recorded registered = topic.await(m -> "EqpRegistered".equals(m.property("eventType"))
                    && m.body().contains(sernum), Duration.ofSeconds(30)).orElseThrow();
            assertDocumented("EqpRegistered", registered);

            EventContract.publish(sender, EventContract.example("Ordered", Instant.now(),
                    Map.of("orderId", orderId, "shopId", 3, "eqpSernum", sernum)));
            TopicRecorder.Recorded changed = topic.await(m -> "EqpStatusChanged".equals(m.property("eventType"))
                    && m.body().contains(sernum), Duration.ofSeconds(60)).orElseThrow();
            assertDocumented("EqpStatusChanged", changed);
            assertThat(changed.body()).contains("\"orderId\":" + orderId);

            EventContract.publish(sender, EventContract.example("OrderCancelled", Instant.now(),
                    Map.of("orderId", orderId, "shopId", 3, "eqpSernum", sernum)));
            TopicRecorder.Recorded available = topic.await(m -> "EqpStatusChanged".equals(m.property("eventType"))
                    && m.body().contains(sernum) && m.body().contains("OrderAvailable"), Duration.ofSeconds(60))
                    .orElseThrow();
            assertDocumented("EqpStatusChanged", available);
            assertThat(available.body()).doesNotContain("orderId");
        }
    }

    private static void assertDocumented(String type, TopicRecorder.Recorded message) {
        assertThat(EventContract.violations(type, message.body())).as(type + ": " + message.body()).isEmpty();
        String eventId = io.restassured.path.json.JsonPath.from(message.body()).getString("eventId");
        assertThat(message.property("eventType")).isEqualTo(type);
        assertThat(message.property("eventId")).isEqualTo(eventId);
        assertThat(message.property("_AMQ_DUPL_ID")).isEqualTo(eventId);
        // the servers of the tests trace: the publishing span's W3C context travels with the event
        assertThat(message.property("traceparent")).as("traceparent").matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        assertThat(message.correlationId()).matches("[0-9]+/.+");
    }
}
