package io.twd.systemtest;

import static io.restassured.RestAssured.given;
import static io.twd.systemtest.Ordering.EVENTUAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.twd.testkit.EventSender;
import io.twd.testkit.IdentityProvider;
import io.twd.testkit.TopicRecorder;
import io.twd.testkit.TwdSystem;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The delivery service with order, shop and the broker: shipping a committed order publishes
 * {@code DeliveryStarted} and the order follows; an order that is not committed, is cancelled,
 * or has shipped cannot be shipped (again); the internal request endpoint is idempotent.
 */
@ExtendWith(SignedInSystem.class)
class DeliverySystemIT {

    private static String shop;
    private static String order;
    private static String delivery;

    @BeforeAll
    static void start(TwdSystem system) {
        system.start("shop", "order", "delivery");
        shop = system.url("shop");
        order = system.url("order");
        delivery = system.url("delivery");
        Ordering.warmUp(shop, order);
    }

    @Test
    void shippingACommittedOrderPublishesDeliveryStartedAndTheOrderFollows(TwdSystem system) throws Exception {
        long orderId = Ordering.placeOrder(shop, order, 21);
        long deliveryId = Ordering.awaitConfirmedDelivery(delivery, orderId);
        try (TopicRecorder topic = new TopicRecorder(system.broker().connectionFactory(), "delivery.events")) {
            given().post(delivery + "/deliveries/" + deliveryId + "/start").then().statusCode(200)
                    .body("deliveryStatus", equalTo("DeliveryStarted"))
                    .body("orderId", equalTo((int) orderId));
            TopicRecorder.Recorded event = topic.await(m -> String.valueOf(orderId).equals(m.correlationId()), EVENTUAL)
                    .orElseThrow(() -> new AssertionError("no DeliveryStarted for order " + orderId));
            assertThat(event.property("eventType")).isEqualTo("DeliveryStarted");
            JsonObject json = Json.createReader(new StringReader(event.body())).readObject();
            assertThat(json.getString("eventType")).isEqualTo("DeliveryStarted");
            assertThat(json.getJsonNumber("deliveryId").longValue()).isEqualTo(deliveryId);
            assertThat(json.getJsonNumber("orderId").longValue()).isEqualTo(orderId);
            assertThat(json.getString("customerId")).isEqualTo(IdentityProvider.DEFAULT_CUSTOMER);
            assertThat(json.getJsonNumber("shopId").longValue()).isEqualTo(21L);
            assertThat(json.getString("eqpNm")).isEqualTo("galaxy_s21");
            assertThat(json.getString("eqpSernum")).isNotBlank();
            assertThat(json.getString("deliveryStatus")).isEqualTo("DeliveryStarted");
        }
        await().atMost(EVENTUAL).until(() -> Ordering.orderStatus(order, orderId), "DeliveryStarted"::equals);
        // shipped: no second ship, no cancel, and the phone stays taken
        given().post(delivery + "/deliveries/" + deliveryId + "/start").then().statusCode(409)
                .contentType("application/problem+json");
        given().post(order + "/orders/" + orderId + "/cancel").then().statusCode(409)
                .contentType("application/problem+json");
        given().delete(order + "/orders/" + orderId).then().statusCode(409);
        assertThat(Ordering.orderStatus(order, orderId)).isEqualTo("DeliveryStarted");
        assertThat(Ordering.deliveryStatusOfOrder(delivery, orderId)).isEqualTo("DeliveryStarted");
    }

    /**
     * A true redelivery (the same {@code eventId}, past the broker's duplicate detection, as after
     * a consumer died before its acknowledgement) is dropped by each consumer's de-duplication:
     * delivery's of {@code Ordered}, order's of {@code DeliveryStarted}, each logged, and nothing
     * changes.
     */
    @Test
    void redeliveredEventsAreDroppedByTheDeliveryAndOrderConsumers(TwdSystem system) throws Exception {
        TopicRecorder.Recorded ordered;
        TopicRecorder.Recorded started;
        long orderId;
        long deliveryId;
        try (TopicRecorder orderEvents = new TopicRecorder(system.broker().connectionFactory(), "order.events");
             TopicRecorder deliveryEvents = new TopicRecorder(system.broker().connectionFactory(), "delivery.events")) {
            orderId = Ordering.placeOrder(shop, order, 26);
            deliveryId = Ordering.awaitConfirmedDelivery(delivery, orderId);
            given().post(delivery + "/deliveries/" + deliveryId + "/start").then().statusCode(200);
            String key = String.valueOf(orderId);
            ordered = orderEvents.await(m -> key.equals(m.correlationId()) && "Ordered".equals(m.property("eventType")),
                    EVENTUAL).orElseThrow(() -> new AssertionError("no Ordered for order " + key));
            started = deliveryEvents.await(m -> key.equals(m.correlationId())
                    && "DeliveryStarted".equals(m.property("eventType")), EVENTUAL)
                    .orElseThrow(() -> new AssertionError("no DeliveryStarted for order " + key));
        }
        await().atMost(EVENTUAL).until(() -> Ordering.orderStatus(order, orderId), "DeliveryStarted"::equals);
        try (EventSender sender = new EventSender(system.broker().connectionFactory())) {
            sender.sendAgain("order.events", "Ordered", ordered.property("eventId"), ordered.correlationId(),
                    ordered.body());
            sender.sendAgain("delivery.events", "DeliveryStarted", started.property("eventId"), started.correlationId(),
                    started.body());
        }
        await("delivery drops the redelivered Ordered").atMost(EVENTUAL).until(() -> system.server("delivery")
                .logTail(400).contains(dropped(ordered)));
        await("order drops the redelivered DeliveryStarted").atMost(EVENTUAL).until(() -> system.server("order")
                .logTail(400).contains(dropped(started)));
        assertThat(Ordering.orderStatus(order, orderId)).isEqualTo("DeliveryStarted");
        given().get(delivery + "/deliveries/" + deliveryId).then().statusCode(200)
                .body("deliveryStatus", equalTo("DeliveryStarted"));
    }

    private static String dropped(TopicRecorder.Recorded event) {
        return EventContract.droppedAsDuplicate(event.property("eventId"), event.property("eventType"));
    }

    @Test
    void aCancelledOrderIsNeverShipped() {
        long orderId = Ordering.placeOrder(shop, order, 22);
        long deliveryId = Ordering.awaitConfirmedDelivery(delivery, orderId);
        given().post(order + "/orders/" + orderId + "/cancel").then().statusCode(200);
        given().post(delivery + "/deliveries/" + deliveryId + "/start").then().statusCode(409)
                .body("type", equalTo("urn:twd:problem:unsupported-state-transition"));
        given().get(delivery + "/deliveries/" + deliveryId).then().statusCode(200)
                .body("deliveryStatus", equalTo("DeliveryCancelled"));
    }

    @Test
    void aRequestWhoseOrderNeverCommittedIsNotShippableAndCanBeDiscarded() {
        long orderId = 900_000_000L + ThreadLocalRandom.current().nextInt(100_000_000);
        String body = "{\"orderId\":" + orderId + ",\"customerId\":\"c-9\",\"shopId\":23,"
                + "\"eqpNm\":\"galaxy_s21\",\"eqpSernum\":\"" + Ordering.uniqueSernum() + "\"}";
        Response opened = given().contentType(ContentType.JSON).body(body).post(delivery + "/deliveries/requests");
        opened.then().statusCode(201).header("Location", startsWith(delivery + "/deliveries/"))
                .body("deliveryStatus", equalTo("DeliveryRequested"));
        long deliveryId = opened.jsonPath().getLong("id");
        // idempotent by orderId
        given().contentType(ContentType.JSON).body(body).post(delivery + "/deliveries/requests").then()
                .statusCode(200).body("id", equalTo((int) deliveryId));
        given().post(delivery + "/deliveries/" + deliveryId + "/start").then().statusCode(409);
        given().post(delivery + "/deliveries/requests/" + orderId + "/discard").then().statusCode(204);
        given().post(delivery + "/deliveries/requests/" + orderId + "/discard").then().statusCode(204);
        given().get(delivery + "/deliveries/" + deliveryId).then().statusCode(200)
                .body("deliveryStatus", equalTo("DeliveryDiscarded"));
        given().post(delivery + "/deliveries/" + deliveryId + "/start").then().statusCode(409);
    }

    private static String deliveryRequest(long orderId, String customer, long shopId, String model, String sernum) {
        return "{\"orderId\":" + orderId + ",\"customerId\":\"" + customer + "\",\"shopId\":" + shopId
                + ",\"eqpNm\":\"" + model + "\",\"eqpSernum\":\"" + sernum + "\"}";
    }

    @Test
    void aRequestForAnOrderWhoseDeliveryIsAnotherCustomersIsAConflictAndChangesNothing() {
        long orderId = 900_000_000L + ThreadLocalRandom.current().nextInt(100_000_000);
        String sernum = Ordering.uniqueSernum();
        long deliveryId = given().contentType(ContentType.JSON)
                .body(deliveryRequest(orderId, "c-1", 23, "galaxy_s21", sernum)).post(delivery + "/deliveries/requests")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        // the same order id with another customer, shop or phone: not the existing delivery, a 409
        for (String other : List.of(deliveryRequest(orderId, "c-2", 23, "galaxy_s21", sernum),
                deliveryRequest(orderId, "c-1", 24, "galaxy_s21", sernum),
                deliveryRequest(orderId, "c-1", 23, "galaxy_s22", sernum),
                deliveryRequest(orderId, "c-1", 23, "galaxy_s21", Ordering.uniqueSernum()))) {
            given().contentType(ContentType.JSON).body(other).post(delivery + "/deliveries/requests").then()
                    .statusCode(409).contentType("application/problem+json")
                    .body("type", equalTo("urn:twd:problem:delivery-conflict"))
                    .body("detail", not(containsString("c-1"))).body("id", nullValue());
        }
        given().get(delivery + "/deliveries/" + deliveryId).then().statusCode(200)
                .body("customerId", equalTo("c-1")).body("shopId", equalTo(23))
                .body("deliveryStatus", equalTo("DeliveryRequested"));
        given().queryParam("orderId", orderId).get(delivery + "/deliveries").then().body("totalItems", equalTo(1));
        given().post(delivery + "/deliveries/requests/" + orderId + "/discard").then().statusCode(204);
    }

    @Test
    void aConfirmedDeliveryIsNeverDiscarded() {
        long orderId = Ordering.placeOrder(shop, order, 24);
        long deliveryId = Ordering.awaitConfirmedDelivery(delivery, orderId);
        given().post(delivery + "/deliveries/requests/" + orderId + "/discard").then().statusCode(409);
        given().get(delivery + "/deliveries/" + deliveryId).then().body("deliveryStatus", equalTo("DeliveryConfirmed"));
    }

    @Test
    void listsFiltersAndRefusesBadInput() {
        long orderId = Ordering.placeOrder(shop, order, 25);
        Ordering.awaitConfirmedDelivery(delivery, orderId);
        given().queryParam("orderId", orderId).get(delivery + "/deliveries").then().statusCode(200)
                .body("totalItems", equalTo(1)).body("items[0].orderId", equalTo((int) orderId));
        given().queryParam("deliveryStatus", "DeliveryConfirmed").queryParam("size", 1)
                .get(delivery + "/deliveries").then().statusCode(200)
                .body("items.size()", equalTo(1)).body("size", equalTo(1));
        given().queryParam("orderId", "abc").get(delivery + "/deliveries").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("orderId"));
        given().queryParam("deliveryStatus", "Lost").get(delivery + "/deliveries").then().statusCode(400);
        given().queryParam("page", -1).get(delivery + "/deliveries").then().statusCode(400);
        given().get(delivery + "/deliveries/987654321").then().statusCode(404).contentType("application/problem+json");
        given().post(delivery + "/deliveries/987654321/start").then().statusCode(404);
        long before = given().get(delivery + "/deliveries").then().extract().jsonPath().getLong("totalItems");
        given().contentType(ContentType.JSON).body("{\"orderId\":\"x\",\"shopId\":0}")
                .post(delivery + "/deliveries/requests").then().statusCode(400)
                .body("errors.field", hasItem("orderId")).body("errors.field", hasItem("eqpSernum"));
        Map<String, String> valid = new LinkedHashMap<>();
        valid.put("orderId", String.valueOf(900_000_000L + ThreadLocalRandom.current().nextInt(100_000_000)));
        valid.put("customerId", "\"c-9\"");
        valid.put("customerEmail", "\"kim@example.com\"");
        valid.put("shopId", "23");
        valid.put("eqpNm", "\"galaxy_s21\"");
        valid.put("eqpSernum", "\"" + Ordering.uniqueSernum() + "\"");
        WrongShapes.areRefusedIn(delivery + "/deliveries/requests", valid);
        assertThat(given().get(delivery + "/deliveries").then().extract().jsonPath().getLong("totalItems"))
                .isEqualTo(before);
    }
}
