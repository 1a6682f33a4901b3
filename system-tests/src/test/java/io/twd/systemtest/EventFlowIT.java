package io.twd.systemtest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.twd.testkit.EventSender;
import io.twd.testkit.TopicRecorder;
import io.twd.testkit.TwdSystem;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole event-driven side over HTTP with all five servers: orders placed, cancelled and
 * shipped through the order and delivery services reach the shop (phone status), the message
 * service (one e-mail per change the customer sees) and mypage (the read model); every event the order
 * and delivery services publish validates against docs/asyncapi.yaml.
 */
@ExtendWith(SignedInSystem.class)
class EventFlowIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @BeforeAll
    static void start(TwdSystem system) {
        system.start("shop", "order", "delivery", "mypage");
        MailSink.startMessageServer(system);
    }

    private static long placeOrder(TwdSystem system, long shopId, String sernum, String customer, String email) {
        String model = "galaxy_s21";
        given().contentType("application/json")
                .body("{\"shopId\":\"" + shopId + "\",\"eqpNm\":\"" + model + "\",\"eqpSernum\":\"" + sernum + "\"}")
                .post(system.url("shop") + "/shops").then().statusCode(201);
        Response placed = await("order of phone " + sernum + " accepted").atMost(WAIT)
                .pollInterval(Duration.ofMillis(300))
                .until(() -> Ordering.order(system.url("order"), shopId, model, sernum, customer, email),
                        // 422: the order service has not heard of the phone yet; 503: delivery is
                        // overloaded, nothing was written and the client is asked to order again shortly
                        r -> r.statusCode() != 422 && r.statusCode() != 503);
        placed.then().statusCode(201);
        return placed.jsonPath().getLong("id");
    }

    private static String phoneStatus(TwdSystem system, long shopId, String sernum) {
        JsonPath page = given().queryParam("shopId", shopId).queryParam("size", 200).get(system.url("shop") + "/shops")
                .then().statusCode(200).extract().jsonPath();
        return page.getString("items.find { it.eqpSernum == '" + sernum + "' }.eqpStatus");
    }

    private static JsonPath mypage(TwdSystem system, long orderId) {
        return given().get(system.url("mypage") + "/mypages/" + orderId).then().extract().jsonPath();
    }

    private static void assertDocumented(List<TopicRecorder.Recorded> events, long orderId, String... types) {
        List<TopicRecorder.Recorded> mine = events.stream()
                .filter(m -> Long.toString(orderId).equals(m.correlationId())).toList();
        assertThat(types).as("the event types expected of order " + orderId).isNotEmpty();
        assertThat(mine).extracting(m -> m.property("eventType")).contains(types);
        for (TopicRecorder.Recorded event : mine) {
            String type = event.property("eventType");
            assertThat(EventContract.violations(type, event.body())).as(type + ": " + event.body()).isEmpty();
            String eventId = JsonPath.from(event.body()).getString("eventId");
            assertThat(event.property("eventId")).isEqualTo(eventId);
            assertThat(event.property("_AMQ_DUPL_ID")).isEqualTo(eventId);
        }
    }

    @Test
    void orderedThenShipped(TwdSystem system) throws Exception {
        long shopId = 900 + EventContract.uniqueId() % 50;
        String sernum = "EF-" + UUID.randomUUID().toString().substring(0, 12);
        // a customer of this test alone: the e-mails go to the verified address of their token
        String customer = system.identity().newCustomer();
        String email = customer + "@example.com";
        try (TopicRecorder orders = new TopicRecorder(system.broker().connectionFactory(), "order.events");
             TopicRecorder deliveries = new TopicRecorder(system.broker().connectionFactory(), "delivery.events")) {
            long orderId = placeOrder(system, shopId, sernum, customer, email);
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(phoneStatus(system, shopId, sernum)).isEqualTo("Ordered");
                assertThat(mypage(system, orderId).getString("status")).isEqualTo("Ordered");
                assertThat(MailSink.to(email)).hasSize(1);
            });
            long deliveryId = Ordering.awaitConfirmedDelivery(system.url("delivery"), orderId);
            given().post(system.url("delivery") + "/deliveries/" + deliveryId + "/start").then().statusCode(200);
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(phoneStatus(system, shopId, sernum)).isEqualTo("Shipped");
                JsonPath entry = mypage(system, orderId);
                assertThat(entry.getString("status")).isEqualTo("DeliveryStarted");
                assertThat(entry.getString("customerId")).isEqualTo(customer);
                assertThat(entry.getList("history.status", String.class)).containsExactly("Ordered", "DeliveryStarted");
                assertThat(MailSink.to(email)).extracting(MimeMessage::getSubject).containsExactlyInAnyOrder(
                        "Order " + orderId + " placed", "Order " + orderId + " shipped");
            });
            assertDocumented(orders.messages(), orderId, "Ordered");
            assertDocumented(deliveries.messages(), orderId, "DeliveryStarted");
        }
    }

    @Test
    void orderedThenCancelled(TwdSystem system) throws Exception {
        long shopId = 950 + EventContract.uniqueId() % 50;
        String sernum = "EF-" + UUID.randomUUID().toString().substring(0, 12);
        String customer = system.identity().newCustomer();
        String email = customer + "@example.com";
        try (TopicRecorder orders = new TopicRecorder(system.broker().connectionFactory(), "order.events");
             TopicRecorder deliveries = new TopicRecorder(system.broker().connectionFactory(), "delivery.events")) {
            long orderId = placeOrder(system, shopId, sernum, customer, email);
            await().atMost(WAIT).untilAsserted(() ->
                    assertThat(phoneStatus(system, shopId, sernum)).isEqualTo("Ordered"));
            given().header("Authorization", SignedInSystem.as(customer))
                    .post(system.url("order") + "/orders/" + orderId + "/cancel").then().statusCode(200);
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(phoneStatus(system, shopId, sernum)).isEqualTo("OrderAvailable");
                assertThat(mypage(system, orderId).getString("orderStatus")).isEqualTo("OrderCancelled");
                assertThat(MailSink.to(email)).extracting(MimeMessage::getSubject)
                        .contains("Order " + orderId + " placed", "Order " + orderId + " cancelled");
            });
            assertDocumented(orders.messages(), orderId, "Ordered", "OrderCancelled");
            assertDocumented(deliveries.messages(), orderId, "DeliveryCancelled");
            // one e-mail and one notification per change the customer sees: the cancellation is told once
            // (by OrderCancelled), its DeliveryCancelled only updates the read models
            await().atMost(WAIT).untilAsserted(() -> assertThat(mypage(system, orderId).getString("deliveryStatus"))
                    .isEqualTo("DeliveryCancelled"));
            await("the message service has taken the DeliveryCancelled").atMost(WAIT).until(() -> {
                try (EventSender sender = new EventSender(system.broker().connectionFactory())) {
                    return sender.messageCount("message\\.delivery-events") == 0;
                }
            });
            await().during(Duration.ofSeconds(2)).atMost(WAIT).untilAsserted(() -> {
                assertThat(MailSink.to(email)).extracting(MimeMessage::getSubject).containsExactlyInAnyOrder(
                        "Order " + orderId + " placed", "Order " + orderId + " cancelled");
                assertThat(given().queryParam("orderId", orderId).get(system.url("message") + "/messages")
                        .then().statusCode(200).extract().jsonPath().getList("items.eventType", String.class))
                        .containsExactlyInAnyOrder("Ordered", "OrderCancelled");
            });
        }
    }
}
