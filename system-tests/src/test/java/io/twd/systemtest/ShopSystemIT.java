package io.twd.systemtest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.twd.testkit.TopicRecorder;
import io.twd.testkit.TwdSystem;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shop service on its real server with the real broker: registering a phone over HTTP
 * publishes {@code EqpRegistered}, read back from the topic with a plain JMS client.
 */
@ExtendWith(SignedInSystem.class)
class ShopSystemIT {

    private static String shop;

    @BeforeAll
    static void startShop(TwdSystem system) {
        system.start("shop");
        shop = system.url("shop");
    }

    private static String uniqueSernum() {
        return "SN-" + UUID.randomUUID().toString().substring(0, 12);
    }

    @Test
    void registersPhoneAndPublishesEqpRegistered(TwdSystem system) throws Exception {
        String sernum = uniqueSernum();
        try (TopicRecorder topic = new TopicRecorder(system.broker().connectionFactory(), "shop.events")) {
            Response created = given().contentType(ContentType.JSON)
                    .body("{\"shopId\":\"1\",\"eqpNm\":\"galaxy_s21\",\"eqpSernum\":\"" + sernum
                            + "\",\"eqpStatus\":\"Shipped\",\"id\":999999}")
                    .post(shop + "/shops")
                    .then().statusCode(201)
                    .header("Location", startsWith(shop + "/shops/"))
                    .body("eqpStatus", equalTo("OrderAvailable"))
                    .body("shopId", equalTo(1))
                    .body("eqpNm", equalTo("galaxy_s21"))
                    .body("eqpSernum", equalTo(sernum))
                    .extract().response();
            long id = created.jsonPath().getLong("id");
            assertThat(id).isNotEqualTo(999999L);

            given().get(created.header("Location")).then().statusCode(200)
                    .body("id", equalTo((int) id)).body("eqpStatus", equalTo("OrderAvailable"));

            TopicRecorder.Recorded event = topic.await(m -> m.body().contains(sernum), Duration.ofSeconds(20))
                    .orElseThrow(() -> new AssertionError("no EqpRegistered for " + sernum + " on shop.events"));
            assertThat(event.property("eventType")).isEqualTo("EqpRegistered");
            assertThat(event.correlationId()).isEqualTo("1/" + sernum);
            JsonObject json = Json.createReader(new StringReader(event.body())).readObject();
            assertThat(json.getString("eventType")).isEqualTo("EqpRegistered");
            assertThat(event.property("eventId")).isEqualTo(json.getString("eventId"));
            assertThat(UUID.fromString(json.getString("eventId"))).isNotNull();
            assertThat(json.getString("occurredAt")).endsWith("Z");
            assertThat(json.getJsonNumber("phoneId").longValue()).isEqualTo(id);
            assertThat(json.getJsonNumber("shopId").longValue()).isEqualTo(1L);
            assertThat(json.getString("eqpNm")).isEqualTo("galaxy_s21");
            assertThat(json.getString("eqpSernum")).isEqualTo(sernum);
            assertThat(json.getString("eqpStatus")).isEqualTo("OrderAvailable");
        }
    }

    @Test
    void duplicatePhoneIsRefusedWith409AndPublishesNothing(TwdSystem system) throws Exception {
        String sernum = uniqueSernum();
        register(7, sernum).then().statusCode(201);
        try (TopicRecorder topic = new TopicRecorder(system.broker().connectionFactory(), "shop.events")) {
            register(7, sernum).then().statusCode(409)
                    .contentType("application/problem+json")
                    .body("status", equalTo(409))
                    .body("type", equalTo("urn:twd:problem:duplicate-phone"))
                    .body("detail", notNullValue());
            // the same serial number at another shop is another phone
            register(8, sernum).then().statusCode(201);
            topic.await(m -> m.body().contains("\"shopId\":8"), Duration.ofSeconds(20)).orElseThrow();
            assertThat(topic.messages()).noneMatch(m -> m.body().contains("\"shopId\":7"));
        }
        given().queryParam("shopId", 7).queryParam("size", 200).get(shop + "/shops").then().statusCode(200)
                .body("items.findAll { it.eqpSernum == '" + sernum + "' }", hasSize(1));
    }

    @Test
    void invalidInputGets400ProblemAndWritesNothing() {
        long before = total();
        given().contentType(ContentType.JSON).body("{\"shopId\":0,\"eqpSernum\":\"bad sernum!\"}")
                .post(shop + "/shops").then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors.field", hasItem("shopId"))
                .body("errors.field", hasItem("eqpNm"))
                .body("errors.field", hasItem("eqpSernum"));
        given().contentType(ContentType.JSON).body("{not json").post(shop + "/shops").then().statusCode(400)
                .contentType("application/problem+json").body("type", equalTo("urn:twd:problem:malformed-json"));
        // an array, an object or a boolean where a number or string belongs: refused, not guessed
        WrongShapes.areRefusedIn(shop + "/shops", Map.of("shopId", "7", "eqpNm", "\"galaxy_s21\"",
                "eqpSernum", "\"" + Ordering.uniqueSernum() + "\""));
        given().contentType(ContentType.JSON).post(shop + "/shops").then().statusCode(400)
                .contentType("application/problem+json");
        given().queryParam("eqpStatus", "Lost").get(shop + "/shops").then().statusCode(400)
                .body("errors.field", hasItem("eqpStatus"));
        given().queryParam("size", 0).get(shop + "/shops").then().statusCode(400);
        given().queryParam("eqpSernum", "bad sernum!").get(shop + "/shops").then().statusCode(400)
                .body("errors.field", hasItem("eqpSernum"));
        // a page far out (page x size beyond an int) is refused, not answered with a 500
        given().queryParam("page", 20_000_000).queryParam("size", 200).get(shop + "/shops").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("page"));
        // ... and so is any page deeper than the first 10,000 phones (shop.list.max-depth): a
        // client goes on from there with after=<the last id it has>
        given().queryParam("page", 1_000_000).queryParam("size", 200).get(shop + "/shops").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("page"));
        given().get(shop + "/shops/987654321").then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404));
        assertThat(total()).isEqualTo(before);
    }

    @Test
    void listsWithFiltersAndPages() {
        long shopId = 1000 + (System.nanoTime() % 100000);
        String last = null;
        for (int i = 0; i < 5; i++) {
            last = uniqueSernum();
            register(shopId, last, i % 2 == 0 ? "iphone_17" : "galaxy_s25").then().statusCode(201);
        }
        // one phone by its serial number: the order service's lookup of a phone it has not heard of
        given().queryParam("shopId", shopId).queryParam("eqpSernum", last).get(shop + "/shops").then()
                .statusCode(200).body("totalItems", equalTo(1)).body("items[0].eqpSernum", equalTo(last));
        given().queryParam("shopId", shopId).get(shop + "/shops").then().statusCode(200)
                .body("totalItems", equalTo(5)).body("items", hasSize(5));
        given().queryParam("shopId", shopId).queryParam("eqpNm", "iphone_17").get(shop + "/shops").then()
                .statusCode(200).body("totalItems", equalTo(3)).body("items.eqpNm", everyItem(equalTo("iphone_17")));
        given().queryParam("shopId", shopId).queryParam("eqpStatus", "OrderAvailable").queryParam("size", 2)
                .queryParam("page", 2).get(shop + "/shops").then().statusCode(200)
                .body("totalItems", equalTo(5)).body("items", hasSize(1)).body("page", equalTo(2));
    }

    @Test
    void healthReportsDatabaseAndBroker() {
        given().get(shop + "/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("database"))
                .body("checks.name", hasItem("broker"));
        given().get(shop + "/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get(shop + "/openapi").then().statusCode(200);
    }

    private static long total() {
        return given().get(shop + "/shops").then().statusCode(200).extract().jsonPath().getLong("totalItems");
    }

    private static Response register(long shopId, String sernum) {
        return register(shopId, sernum, "galaxy_s21");
    }

    private static Response register(long shopId, String sernum, String model) {
        return given().contentType(ContentType.JSON)
                .body("{\"shopId\":" + shopId + ",\"eqpNm\":\"" + model + "\",\"eqpSernum\":\"" + sernum + "\"}")
                .post(shop + "/shops");
    }
}
