package io.twd.systemtest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.UUID;

/**
 * Steps of the ordering flow shared by the order, delivery, fault-tolerance and race system
 * tests: register a phone at the shop, order it once the order service has heard of it, wait for
 * its delivery to be confirmed.
 */
final class Ordering {

    /** How long events may take to travel between services in these tests. */
    static final Duration EVENTUAL = Duration.ofSeconds(60);

    private Ordering() {
    }

    /** @return a serial number no other test uses */
    static String uniqueSernum() {
        return "SN-" + UUID.randomUUID().toString().substring(0, 13);
    }

    /**
     * Registers a phone at the shop, as the spec's command does (all values as JSON strings).
     *
     * @return its serial number
     */
    static String registerPhone(String shop, long shopId, String model) {
        String sernum = uniqueSernum();
        given().contentType(ContentType.JSON)
                .body("{\"shopId\":\"" + shopId + "\",\"eqpNm\":\"" + model + "\",\"eqpSernum\":\"" + sernum + "\"}")
                .post(shop + "/shops").then().statusCode(201);
        return sernum;
    }

    /**
     * {@code POST /orders} as the spec's command sends it: JSON strings, no customer fields (the
     * customer is the signed-in one, {@link io.twd.testkit.IdentityProvider#DEFAULT_CUSTOMER}).
     */
    static Response order(String order, long shopId, String model, String sernum) {
        return given().contentType(ContentType.JSON)
                .body("{\"shopId\":\"" + shopId + "\",\"eqpNm\":\"" + model + "\",\"eqpSernum\":\"" + sernum + "\"}")
                .post(order + "/orders");
    }

    /** {@code POST /orders}, signed in as the given customer, with an e-mail for the notifications. */
    static Response order(String order, long shopId, String model, String sernum, String customerId, String email) {
        return given().contentType(ContentType.JSON).header("Authorization", SignedInSystem.as(customerId))
                .body("{\"shopId\":" + shopId + ",\"eqpNm\":\"" + model + "\",\"eqpSernum\":\"" + sernum
                        + "\",\"customerEmail\":\"" + email + "\"}")
                .post(order + "/orders");
    }

    /**
     * Orders a phone, repeating while the order service has not yet heard of it from the shop
     * (422 unknown-phone), and returns the first other answer.
     */
    static Response orderOnceKnown(String order, long shopId, String model, String sernum) {
        return await("order service knows phone " + sernum).atMost(EVENTUAL).pollInterval(Duration.ofMillis(300))
                .until(() -> order(order, shopId, model, sernum), r -> r.statusCode() != 422);
    }

    /**
     * Places one order, accepting 503s meanwhile: right after the servers start, the first calls
     * from order to delivery may exceed the 2 s timeout on a small shared machine (class loading,
     * JIT), and the fault tolerance answers 503 as it should. Tests call this before asserting on
     * timings and statuses.
     */
    static void warmUp(String shop, String order) {
        String sernum = registerPhone(shop, 99, "galaxy_s21");
        await("a first order goes through").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> order(order, 99, "galaxy_s21", sernum).statusCode(), status -> status == 201);
    }

    /** Registers a phone and orders it; asserts 201. @return the order's id */
    static long placeOrder(String shop, String order, long shopId) {
        String sernum = registerPhone(shop, shopId, "galaxy_s21");
        Response placed = orderOnceKnown(order, shopId, "galaxy_s21", sernum);
        placed.then().statusCode(201);
        return placed.jsonPath().getLong("id");
    }

    /** Waits until delivery has the order's {@code Ordered} event. @return the delivery's id */
    static long awaitConfirmedDelivery(String delivery, long orderId) {
        return await("delivery of order " + orderId + " confirmed").atMost(EVENTUAL)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> given().queryParam("orderId", orderId).get(delivery + "/deliveries").then()
                                .statusCode(200).extract().jsonPath(),
                        json -> "DeliveryConfirmed".equals(json.getString("items[0].deliveryStatus")))
                .getLong("items[0].id");
    }

    /**
     * @return every delivery of the phone (read as staff), whatever its status, e.g. requests
     *     opened for orders that did not commit
     */
    static java.util.List<java.util.Map<String, Object>> deliveriesOfPhone(String delivery, long shopId, String sernum) {
        java.util.List<java.util.Map<String, Object>> found = new java.util.ArrayList<>();
        for (int page = 0; ; page++) {
            java.util.List<java.util.Map<String, Object>> items = given()
                    .header("Authorization", SignedInSystem.as(io.twd.testkit.IdentityProvider.STAFF))
                    .queryParam("size", 200).queryParam("page", page).get(delivery + "/deliveries").then()
                    .statusCode(200).extract().jsonPath().getList("items");
            items.stream().filter(d -> sernum.equals(d.get("eqpSernum"))
                    && ((Number) d.get("shopId")).longValue() == shopId).forEach(found::add);
            if (items.size() < 200) {
                return found;
            }
        }
    }

    /** @return the order's current status */
    static String orderStatus(String order, long orderId) {
        return given().get(order + "/orders/" + orderId).then().statusCode(200).extract().path("orderStatus");
    }

    /** @return the status of the order's delivery */
    static String deliveryStatusOfOrder(String delivery, long orderId) {
        return given().queryParam("orderId", orderId).get(delivery + "/deliveries").then().statusCode(200)
                .extract().path("items[0].deliveryStatus");
    }
}
