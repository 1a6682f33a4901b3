package io.twd.systemtest;

import static io.restassured.RestAssured.given;
import static io.twd.systemtest.Ordering.EVENTUAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.twd.testkit.IdentityProvider;
import io.twd.testkit.TopicRecorder;
import io.twd.testkit.TwdSystem;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The order service with shop, delivery and the broker: placing orders (the spec's command),
 * the one-active-order-per-phone rule (also while the shop is down), phones ordered the moment
 * they are registered, unknown phones (503 while the shop is down), bad input, idempotent
 * retries, listing and cancelling.
 */
@ExtendWith(SignedInSystem.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OrderSystemIT {

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
    void specCommandPlacesOrderOpensDeliveryAndPublishesOrdered(TwdSystem system) throws Exception {
        String sernum = Ordering.registerPhone(shop, 1, "galaxy_s21");
        try (TopicRecorder topic = new TopicRecorder(system.broker().connectionFactory(), "order.events")) {
            // http POST :8082/orders shopId=1 eqpNm=galaxy_s21 eqpSernum=<sernum>, signed in as kim,
            // plus fields the server owns (the customer among them: it is the token's user)
            Response placed = await().atMost(EVENTUAL).until(() -> given().contentType(ContentType.JSON)
                    .body("{\"shopId\":\"1\",\"eqpNm\":\"galaxy_s21\",\"eqpSernum\":\"" + sernum
                            + "\",\"orderId\":\"999999\",\"eqpStatus\":\"Shipped\",\"orderStatus\":\"OrderCancelled\","
                            + "\"customerId\":\"lee\"}")
                    .post(order + "/orders"), r -> r.statusCode() != 422);
            placed.then().statusCode(201)
                    .header("Location", startsWith(order + "/orders/"))
                    .body("orderStatus", equalTo("Ordered"))
                    .body("customerId", equalTo(IdentityProvider.DEFAULT_CUSTOMER))
                    .body("customerEmail", equalTo("kim@example.com"))
                    .body("shopId", equalTo(1))
                    .body("eqpNm", equalTo("galaxy_s21"))
                    .body("eqpSernum", equalTo(sernum))
                    .body("deliveryId", notNullValue());
            long orderId = placed.jsonPath().getLong("id");
            long deliveryId = placed.jsonPath().getLong("deliveryId");
            assertThat(orderId).isNotEqualTo(999999L);
            given().get(placed.header("Location")).then().statusCode(200)
                    .body("id", equalTo((int) orderId)).body("orderStatus", equalTo("Ordered"));

            TopicRecorder.Recorded event = topic.await(m -> String.valueOf(orderId).equals(m.correlationId()), EVENTUAL)
                    .orElseThrow(() -> new AssertionError("no Ordered for order " + orderId));
            assertThat(event.property("eventType")).isEqualTo("Ordered");
            JsonObject json = Json.createReader(new StringReader(event.body())).readObject();
            assertThat(json.getString("eventType")).isEqualTo("Ordered");
            assertThat(UUID.fromString(json.getString("eventId")).toString()).isEqualTo(event.property("eventId"));
            assertThat(json.getString("occurredAt")).endsWith("Z");
            assertThat(json.getJsonNumber("orderId").longValue()).isEqualTo(orderId);
            assertThat(json.getString("customerId")).isEqualTo(IdentityProvider.DEFAULT_CUSTOMER);
            assertThat(json.getJsonNumber("shopId").longValue()).isEqualTo(1L);
            assertThat(json.getString("eqpNm")).isEqualTo("galaxy_s21");
            assertThat(json.getString("eqpSernum")).isEqualTo(sernum);
            assertThat(json.getJsonNumber("deliveryId").longValue()).isEqualTo(deliveryId);
            assertThat(json.getString("orderStatus")).isEqualTo("Ordered");
            assertThat(topic.messages()).filteredOn(m -> String.valueOf(orderId).equals(m.correlationId())).hasSize(1);

            assertThat(Ordering.awaitConfirmedDelivery(delivery, orderId)).isEqualTo(deliveryId);
            given().get(delivery + "/deliveries/" + deliveryId).then().statusCode(200)
                    .body("orderId", equalTo((int) orderId)).body("customerId", equalTo(IdentityProvider.DEFAULT_CUSTOMER));
        }
    }

    @Test
    void signedInCustomerAndVerifiedEmailAreKeptAndCarriedByTheEvent(TwdSystem system) throws Exception {
        String sernum = Ordering.registerPhone(shop, 2, "iphone_17");
        String customer = system.identity().newCustomer();
        try (TopicRecorder topic = new TopicRecorder(system.broker().connectionFactory(), "order.events")) {
            // the body names another address: ignored, the token's verified one is the order's
            Response placed = await().atMost(EVENTUAL).until(
                    () -> Ordering.order(order, 2, "iphone_17", sernum, customer, "kim@example.com"),
                    r -> r.statusCode() != 422);
            placed.then().statusCode(201).body("customerId", equalTo(customer))
                    .body("customerEmail", equalTo(customer + "@example.com"));
            long orderId = placed.jsonPath().getLong("id");
            TopicRecorder.Recorded event = topic.await(m -> String.valueOf(orderId).equals(m.correlationId()), EVENTUAL)
                    .orElseThrow();
            JsonObject json = Json.createReader(new StringReader(event.body())).readObject();
            assertThat(json.getString("customerId")).isEqualTo(customer);
            assertThat(json.getString("customerEmail")).isEqualTo(customer + "@example.com");
        }
        given().queryParam("customerId", customer).get(order + "/orders").then().statusCode(200)
                .body("totalItems", equalTo(1)).body("items[0].eqpSernum", equalTo(sernum));
    }

    @Test
    void secondOrderForTheSamePhoneIs409EvenWhileTheShopIsDown(TwdSystem system) {
        String sernum = Ordering.registerPhone(shop, 3, "galaxy_s21");
        Ordering.orderOnceKnown(order, 3, "galaxy_s21", sernum).then().statusCode(201);
        Ordering.order(order, 3, "galaxy_s21", sernum).then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:twd:problem:phone-already-ordered"))
                .body("status", equalTo(409));
        system.server("shop").stop();
        try {
            Ordering.order(order, 3, "galaxy_s21", sernum).then().statusCode(409)
                    .body("type", equalTo("urn:twd:problem:phone-already-ordered"));
        } finally {
            system.start("shop");
        }
        Ordering.order(order, 3, "galaxy_s21", sernum).then().statusCode(409);
        awaitShopShows(3, sernum, "Ordered");
    }

    /** {@code POST /orders} as the spec's command, with an {@code Idempotency-Key}. */
    private static Response orderWithKey(long shopId, String sernum, String key) {
        return given().contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body("{\"shopId\":\"" + shopId + "\",\"eqpNm\":\"galaxy_s21\",\"eqpSernum\":\"" + sernum + "\"}")
                .post(order + "/orders");
    }

    /** Waits until the shop (back after being down) has applied what it missed: the phone's status. */
    private static void awaitShopShows(long shopId, String sernum, String eqpStatus) {
        await("shop " + shopId + " shows " + sernum + " " + eqpStatus).atMost(EVENTUAL)
                .pollInterval(Duration.ofMillis(300))
                .until(() -> given().queryParam("shopId", shopId).queryParam("size", 200).get(shop + "/shops").then()
                        .statusCode(200).extract().jsonPath()
                        .getString("items.find { it.eqpSernum == '" + sernum + "' }.eqpStatus"), eqpStatus::equals);
    }

    @Test
    void orderingWhileTheShopIsDownWorksForKnownPhones(TwdSystem system) {
        String sernum = Ordering.registerPhone(shop, 4, "galaxy_s21");
        // the order service knows the phone once it can tell the model is wrong (from the shop's
        // event or its own lookup), without ordering it
        await().atMost(EVENTUAL).untilAsserted(() -> Ordering.order(order, 4, "iphone_17", sernum).then()
                .statusCode(422).body("detail", containsString("it is a galaxy_s21")));
        system.server("shop").stop();
        try {
            Ordering.order(order, 4, "galaxy_s21", sernum).then().statusCode(201);
        } finally {
            system.start("shop");
        }
        // the shop catches up with the order it missed
        awaitShopShows(4, sernum, "Ordered");
    }

    @Test
    void aPhoneUnknownWhileTheShopIsDownIs503WithRetryAfterAndWritesNothing(TwdSystem system) {
        String sernum = Ordering.uniqueSernum(); // never heard of: only the shop could tell
        long orders = total(order + "/orders");
        long deliveries = total(delivery + "/deliveries");
        system.server("shop").stop();
        try {
            long began = System.nanoTime();
            Ordering.order(order, 4, "galaxy_s21", sernum).then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", equalTo("5"))
                    .body("type", equalTo("urn:twd:problem:shop-unavailable"))
                    .body("detail", containsString("try again in 5 seconds"));
            assertThat(Duration.ofNanos(System.nanoTime() - began)).as("answered at once, the shop refusing connections")
                    .isLessThan(Duration.ofSeconds(5));
        } finally {
            system.start("shop");
        }
        assertThat(total(order + "/orders")).isEqualTo(orders);
        assertThat(total(delivery + "/deliveries")).isEqualTo(deliveries);
        // back up, the shop says it has no such phone (to a client that tries again after a 503's
        // Retry-After: the order service's circuit to the shop may still be open a few seconds)
        await().atMost(EVENTUAL).pollInterval(Duration.ofSeconds(5))
                .until(() -> Ordering.order(order, 4, "galaxy_s21", sernum).statusCode(), status -> status != 503);
        Ordering.order(order, 4, "galaxy_s21", sernum).then().statusCode(422)
                .body("type", equalTo("urn:twd:problem:unknown-phone"));
    }

    /**
     * A manager registers phones while customers order each one the moment its 201 arrives, from 16
     * clients at once: the order service has not heard of most of them from the shop's events yet,
     * and asks the shop. Every order is placed: none is told the phone does not exist, and no
     * answer is a 503 {@code contention}: concurrent inserts no longer contend for ids (ids come
     * from sequences), and a transaction the database still rolls back for contention is run
     * again inside the service ({@code RetryOnContention}) before anyone answers 503. The clients
     * behave as clients should: each order has its Idempotency-Key; a 503 (delivery busy on this
     * small machine) is repeated after its Retry-After, for a registration too, and a 500 of an
     * order (outcome unknown) after a second with the same key. The output counts both, and the
     * services' retries of rolled-back transactions ({@code transaction_contention_retries_total}).
     * Runs first in this class, before the tests that stop the shop.
     */
    @Test
    @Order(1)
    void phonesAreOrderableTheMomentTheyAreRegistered() throws Exception {
        int clients = 16;
        int phones = 2_000;
        long shopId = 700 + Math.floorMod(UUID.randomUUID().getLeastSignificantBits(), 100);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicInteger busy = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<String> contention = java.util.Collections.synchronizedList(new ArrayList<>());
        long began = System.nanoTime();
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int mine = phones / clients;
                results.add(pool.submit(() -> {
                    List<String> refused = new ArrayList<>();
                    for (int i = 0; i < mine; i++) {
                        String sernum = registerRetryingWhileBusy(shopId, busy, contention);
                        // a well-behaved client: one Idempotency-Key per order, so that it may repeat a
                        // request whose outcome it does not know (500); a 503 says when to try again
                        String key = UUID.randomUUID().toString();
                        Response placed = orderWithKey(shopId, sernum, key);
                        for (int retry = 0; retry < 3 && (placed.statusCode() == 503 || placed.statusCode() == 500);
                             retry++) {
                            if (placed.statusCode() == 503) {
                                busy.incrementAndGet();
                                noteContention(placed, "order " + sernum, contention);
                                Thread.sleep(1000L * Long.parseLong(placed.header("Retry-After")));
                            } else {
                                failed.incrementAndGet();
                                Thread.sleep(1000);
                            }
                            placed = orderWithKey(shopId, sernum, key);
                        }
                        if (placed.statusCode() != 201) {
                            refused.add(sernum + ": " + placed.statusCode() + " " + placed.asString());
                        }
                    }
                    return refused;
                }));
            }
            List<String> refused = new ArrayList<>();
            for (Future<List<String>> result : results) {
                refused.addAll(result.get(20, TimeUnit.MINUTES));
            }
            double seconds = (System.nanoTime() - began) / 1e9;
            System.out.printf("[burst] %d phones registered and ordered at once by %d clients in %.1f s"
                    + " (%.0f phones/s); retried: %d answers 503 (after Retry-After), %d answers 500 (same key);"
                    + " %d not placed%n", phones, clients, seconds, phones / seconds, busy.get(), failed.get(),
                    refused.size());
            System.out.println("[burst] transactions run again after a rollback for contention: "
                    + contentionRetries());
            assertThat(refused).as("orders not placed").isEmpty();
            assertThat(contention).as("answers 503 contention (a rollback that reached the client)").isEmpty();
        } finally {
            pool.shutdownNow();
        }
        // and the shop, from the Ordered events, has every one of them as Ordered
        await("shop " + shopId + " has no phone left OrderAvailable").atMost(EVENTUAL).pollInterval(Duration.ofSeconds(1))
                .until(() -> given().queryParam("shopId", shopId).queryParam("eqpStatus", "OrderAvailable")
                        .get(shop + "/shops").then().statusCode(200).extract().jsonPath().getLong("totalItems"), n -> n == 0);
        assertThat(given().queryParam("shopId", shopId).queryParam("eqpStatus", "Ordered").get(shop + "/shops")
                .then().statusCode(200).extract().jsonPath().getLong("totalItems")).isEqualTo(phones);
    }

    /**
     * Registers a phone as a client should: a 503 (nothing written) is repeated after its Retry-After.
     *
     * @return its serial number
     */
    private String registerRetryingWhileBusy(long shopId, AtomicInteger busy, List<String> contention)
            throws InterruptedException {
        String sernum = Ordering.uniqueSernum();
        String body = "{\"shopId\":\"" + shopId + "\",\"eqpNm\":\"galaxy_s21\",\"eqpSernum\":\"" + sernum + "\"}";
        Response registered = given().contentType(ContentType.JSON).body(body).post(shop + "/shops");
        for (int retry = 0; retry < 3 && registered.statusCode() == 503; retry++) {
            busy.incrementAndGet();
            noteContention(registered, "registration " + sernum, contention);
            Thread.sleep(1000L * Long.parseLong(registered.header("Retry-After")));
            registered = given().contentType(ContentType.JSON).body(body).post(shop + "/shops");
        }
        registered.then().statusCode(201);
        return sernum;
    }

    /** Keeps a 503 whose problem type is {@code contention}: the database's rollback reached the client. */
    private static void noteContention(Response answer, String what, List<String> contention) {
        if (answer.asString().contains("urn:twd:problem:contention")) {
            contention.add(what + ": " + answer.asString());
        }
    }

    /** @return the lines of {@code transaction_contention_retries_total} of shop, order and delivery */
    private static List<String> contentionRetries() {
        List<String> lines = new ArrayList<>();
        for (String server : List.of(shop, order, delivery)) {
            given().get(server + "/metrics").then().statusCode(200).extract().asString().lines()
                    .filter(l -> l.startsWith("transaction_contention_retries_total")).forEach(lines::add);
        }
        return lines;
    }

    /**
     * Six customers order one phone at the same moment (a barrier releases them together): one gets
     * 201, the others 409, and what is stored is one order of the phone, and one live delivery (a
     * request opened for a losing order, if any, is discarded by the order service).
     */
    @Test
    void concurrentOrdersForOnePhoneGetExactlyOne201AndStoreOneOrderAndOneLiveDelivery() throws Exception {
        long shopId = 10;
        String sernum = Ordering.registerPhone(shop, shopId, "galaxy_s21");
        // the shop's events are applied in order: once the later phone is orderable, this one is known
        String probe = Ordering.registerPhone(shop, shopId, "galaxy_s21");
        Ordering.orderOnceKnown(order, shopId, "galaxy_s21", probe).then().statusCode(201);
        int clients = 6;
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            customers.add(SignedInSystem.newCustomer());
        }
        List<String> tokens = customers.stream().map(SignedInSystem::as).toList(); // signed in before the start
        CyclicBarrier start = new CyclicBarrier(clients);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Integer> statuses = new ArrayList<>();
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (String token : tokens) {
                answers.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    return given().contentType(ContentType.JSON).header("Authorization", token)
                            .body("{\"shopId\":" + shopId + ",\"eqpNm\":\"galaxy_s21\",\"eqpSernum\":\"" + sernum + "\"}")
                            .post(order + "/orders").statusCode();
                }));
            }
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(statuses).containsOnly(201, 409).filteredOn(s -> s == 201).hasSize(1);
        // what was stored: one order of the phone, among all the customers' orders
        List<Long> stored = new ArrayList<>();
        for (String customer : customers) {
            stored.addAll(given().header("Authorization", SignedInSystem.as(IdentityProvider.STAFF))
                    .queryParam("customerId", customer).queryParam("size", 50).get(order + "/orders")
                    .then().statusCode(200).extract().jsonPath().getList("items.findAll { it.eqpSernum == '"
                            + sernum + "' }.id", Long.class));
        }
        assertThat(stored).as("orders stored for the phone").hasSize(1);
        // and one live delivery for it: any other request delivery opened is discarded
        await("one live delivery of the phone, the confirmed one").atMost(EVENTUAL).untilAsserted(() -> {
            List<Map<String, Object>> deliveries = Ordering.deliveriesOfPhone(delivery, shopId, sernum);
            assertThat(deliveries).filteredOn(d -> !"DeliveryDiscarded".equals(d.get("deliveryStatus")))
                    .as("live deliveries of the phone: %s", deliveries)
                    .singleElement().satisfies(d -> {
                        assertThat(((Number) d.get("orderId")).longValue()).isEqualTo(stored.get(0));
                        assertThat(d.get("deliveryStatus")).isEqualTo("DeliveryConfirmed");
                    });
        });
        System.out.println("one phone, " + clients + " customers at once: answers " + statuses + ", deliveries "
                + Ordering.deliveriesOfPhone(delivery, shopId, sernum).stream().map(d -> d.get("deliveryStatus")).toList());
    }

    @Test
    void concurrentRetriesWithOneIdempotencyKeyPlaceOneOrder() throws Exception {
        String sernum = Ordering.registerPhone(shop, 11, "galaxy_s21");
        String probe = Ordering.registerPhone(shop, 11, "galaxy_s21");
        Ordering.orderOnceKnown(order, 11, "galaxy_s21", probe).then().statusCode(201);
        String key = UUID.randomUUID().toString();
        String body = "{\"shopId\":11,\"eqpNm\":\"galaxy_s21\",\"eqpSernum\":\"" + sernum + "\"}";
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(pool.submit(() -> given().contentType(ContentType.JSON).header("Idempotency-Key", key)
                        .body(body).post(order + "/orders")));
            }
            List<Response> responses = new ArrayList<>();
            for (Future<Response> answer : answers) {
                responses.add(answer.get(60, TimeUnit.SECONDS));
            }
            assertThat(responses).extracting(Response::statusCode).containsOnly(201);
            assertThat(responses).extracting(Response::asString).containsOnly(responses.get(0).asString());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void unknownPhoneOrWrongModelIs422() {
        Ordering.order(order, 1, "galaxy_s21", Ordering.uniqueSernum()).then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:twd:problem:unknown-phone"));
        String sernum = Ordering.registerPhone(shop, 5, "galaxy_s21");
        // once the order service has heard of the phone, a wrong model name is still refused
        await().atMost(EVENTUAL).untilAsserted(() -> Ordering.order(order, 5, "iphone_17", sernum).then()
                .statusCode(422)
                .body("type", equalTo("urn:twd:problem:unknown-phone"))
                .body("detail", containsString("it is a galaxy_s21")));
        Ordering.order(order, 5, "galaxy_s21", sernum).then().statusCode(201);
    }

    @Test
    void badInputIs400WithAProblemAndWritesNothing() {
        long orders = total(order + "/orders");
        long deliveries = total(delivery + "/deliveries");
        given().contentType(ContentType.JSON).body("{\"shopId\":\"0\",\"eqpSernum\":\"bad sernum!\","
                        + "\"customerEmail\":\"not-an-email\"}")
                .post(order + "/orders").then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors.field", hasItem("shopId"))
                .body("errors.field", hasItem("eqpNm"))
                .body("errors.field", hasItem("eqpSernum"))
                .body("errors.field", hasItem("customerEmail"));
        given().contentType(ContentType.JSON).body("{not json").post(order + "/orders").then().statusCode(400)
                .contentType("application/problem+json").body("type", equalTo("urn:twd:problem:malformed-json"));
        String sernum = Ordering.registerPhone(shop, 5, "galaxy_s21");
        WrongShapes.areRefusedIn(order + "/orders", Map.of("shopId", "5", "eqpNm", "\"galaxy_s21\"",
                "eqpSernum", "\"" + sernum + "\"", "customerEmail", "\"kim@example.com\""));
        given().contentType(ContentType.JSON).post(order + "/orders").then().statusCode(400)
                .contentType("application/problem+json");
        given().contentType(ContentType.JSON).header("Idempotency-Key", "")
                .body("{\"shopId\":\"1\",\"eqpNm\":\"galaxy_s21\",\"eqpSernum\":\"1\"}")
                .post(order + "/orders").then().statusCode(400);
        given().queryParam("size", 0).get(order + "/orders").then().statusCode(400);
        given().queryParam("customerId", "a b").get(order + "/orders").then().statusCode(400);
        given().get(order + "/orders/987654321").then().statusCode(404).contentType("application/problem+json");
        given().post(order + "/orders/987654321/cancel").then().statusCode(404);
        assertThat(total(order + "/orders")).isEqualTo(orders);
        assertThat(total(delivery + "/deliveries")).isEqualTo(deliveries);
    }

    @Test
    void retriedRequestWithTheSameIdempotencyKeyGetsTheFirstResult(TwdSystem system) {
        String sernum = Ordering.registerPhone(shop, 6, "galaxy_s21");
        String customer = system.identity().newCustomer();
        String signedIn = system.identity().authorization(customer);
        String key = UUID.randomUUID().toString();
        String body = "{\"shopId\":\"6\",\"eqpNm\":\"galaxy_s21\",\"eqpSernum\":\"" + sernum + "\"}";
        Response first = await().atMost(EVENTUAL).until(() -> given().contentType(ContentType.JSON)
                        .header("Authorization", signedIn).header("Idempotency-Key", key).body(body).post(order + "/orders"),
                r -> r.statusCode() != 422);
        first.then().statusCode(201);
        Response retry = given().contentType(ContentType.JSON).header("Authorization", signedIn)
                .header("Idempotency-Key", key).body(body).post(order + "/orders");
        retry.then().statusCode(201).header("Idempotent-Replayed", "true")
                .header("Location", equalTo(first.header("Location")));
        assertThat(retry.asString()).isEqualTo(first.asString());
        given().queryParam("customerId", customer).get(order + "/orders").then().body("totalItems", equalTo(1));
        // the same key for another request is refused: another customer's replay gets nothing of the first
        given().contentType(ContentType.JSON).header("Authorization", system.identity().authorization("lee"))
                .header("Idempotency-Key", key).body(body).post(order + "/orders").then().statusCode(422)
                .body("type", equalTo("urn:twd:problem:idempotency-key-reused"));
        // after a cancel, the replay still answers the first result
        given().header("Authorization", signedIn).post(first.header("Location") + "/cancel").then().statusCode(200);
        Response late = given().contentType(ContentType.JSON).header("Authorization", signedIn)
                .header("Idempotency-Key", key).body(body).post(order + "/orders");
        late.then().statusCode(201);
        assertThat(late.asString()).isEqualTo(first.asString());
    }

    @Test
    void cancelFreesThePhoneAndPublishesOrderCancelled(TwdSystem system) throws Exception {
        String sernum = Ordering.registerPhone(shop, 7, "galaxy_s21");
        Response placed = Ordering.orderOnceKnown(order, 7, "galaxy_s21", sernum);
        placed.then().statusCode(201);
        long orderId = placed.jsonPath().getLong("id");
        try (TopicRecorder orderTopic = new TopicRecorder(system.broker().connectionFactory(), "order.events");
             TopicRecorder deliveryTopic = new TopicRecorder(system.broker().connectionFactory(), "delivery.events")) {
            given().post(order + "/orders/" + orderId + "/cancel").then().statusCode(200)
                    .body("orderStatus", equalTo("OrderCancelled"));
            TopicRecorder.Recorded cancelled = orderTopic.await(m -> String.valueOf(orderId).equals(m.correlationId()),
                    EVENTUAL).orElseThrow(() -> new AssertionError("no OrderCancelled"));
            assertThat(cancelled.property("eventType")).isEqualTo("OrderCancelled");
            JsonObject json = Json.createReader(new StringReader(cancelled.body())).readObject();
            assertThat(json.getString("orderStatus")).isEqualTo("OrderCancelled");
            assertThat(json.getString("customerId")).isEqualTo(IdentityProvider.DEFAULT_CUSTOMER);
            assertThat(json.getJsonNumber("deliveryId").longValue()).isEqualTo(placed.jsonPath().getLong("deliveryId"));
            TopicRecorder.Recorded deliveryCancelled = deliveryTopic.await(
                    m -> String.valueOf(orderId).equals(m.correlationId()), EVENTUAL).orElseThrow();
            assertThat(deliveryCancelled.property("eventType")).isEqualTo("DeliveryCancelled");
            // cancelling again changes nothing and publishes nothing more
            given().delete(order + "/orders/" + orderId).then().statusCode(200)
                    .body("orderStatus", equalTo("OrderCancelled"));
            String id = String.valueOf(orderId);
            await("nothing more published for order " + orderId).during(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(5)).until(() ->
                            orderTopic.messages().stream().filter(m -> id.equals(m.correlationId())).count() == 1
                                    && deliveryTopic.messages().stream().filter(m -> id.equals(m.correlationId())).count() == 1);
        }
        assertThat(Ordering.deliveryStatusOfOrder(delivery, orderId)).isEqualTo("DeliveryCancelled");
        // the record stays, and the phone can be ordered again
        given().get(order + "/orders/" + orderId).then().statusCode(200).body("orderStatus", equalTo("OrderCancelled"));
        Ordering.order(order, 7, "galaxy_s21", sernum).then().statusCode(201);
    }

    @Test
    void deleteIsTheSpecsCancel() {
        long orderId = Ordering.placeOrder(shop, order, 8);
        given().delete(order + "/orders/" + orderId).then().statusCode(200)
                .body("orderStatus", equalTo("OrderCancelled"));
        given().get(order + "/orders/" + orderId).then().statusCode(200).body("orderStatus", equalTo("OrderCancelled"));
    }

    @Test
    void listsOrdersOfACustomerInPages(TwdSystem system) {
        String customer = system.identity().newCustomer();
        for (int i = 0; i < 3; i++) {
            String sernum = Ordering.registerPhone(shop, 9, "galaxy_s21");
            await().atMost(EVENTUAL).until(
                    () -> Ordering.order(order, 9, "galaxy_s21", sernum, customer, "c@example.com"),
                    r -> r.statusCode() != 422).then().statusCode(201);
        }
        given().queryParam("customerId", customer).queryParam("size", 2).get(order + "/orders").then()
                .statusCode(200).body("totalItems", equalTo(3)).body("items.size()", equalTo(2))
                .body("items[0].customerId", equalTo(customer));
        given().queryParam("customerId", customer).queryParam("size", 2).queryParam("page", 1)
                .get(order + "/orders").then().statusCode(200).body("items.size()", equalTo(1))
                .body("page", equalTo(1));
    }

    private static long total(String url) {
        return given().get(url).then().statusCode(200).extract().jsonPath().getLong("totalItems");
    }
}
