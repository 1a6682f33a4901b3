package io.twd.systemtest;

import static io.restassured.RestAssured.given;
import static io.twd.systemtest.Ordering.EVENTUAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.twd.testkit.IdentityProvider;
import io.twd.testkit.TwdSystem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The limits of the business flow (docs/architecture.md §5, "abuse has limits"), on the real servers with their
 * default configuration: a customer has at most {@code order.active-orders.max} (3) active orders,
 * also when they arrive at once; notifications go only to the signed-in customer's verified
 * address, whatever address the order names; and the public catalogue shows no order ids to those
 * who are not staff or managers and refuses pages deeper than {@code shop.list.max-depth} (10,000
 * phones), which a client reaches with {@code after} instead.
 */
@ExtendWith(SignedInSystem.class)
class BusinessLimitsIT {

    /** The documented default of order.active-orders.max. */
    private static final int ACTIVE_ORDERS_MAX = 3;

    private static TwdSystem system;
    private static String shop;
    private static String order;
    private static String delivery;
    private static String message;

    @BeforeAll
    static void start(TwdSystem started) {
        system = started;
        system.start("shop", "order", "delivery");
        MailSink.startMessageServer(system);
        // the order server with its own default limit, not the shared system's unlimited one
        system.restartWithout("order", TwdSystem.ACTIVE_ORDERS_MAX);
        shop = system.url("shop");
        order = system.url("order");
        delivery = system.url("delivery");
        message = system.url("message");
        // a first order through the restarted server (its first calls may time out: 503), by a
        // customer of its own: the usual one has more active orders than the default allows
        String warmUp = SignedInSystem.newCustomer();
        String sernum = Ordering.registerPhone(shop, 99, "galaxy_s21");
        await("a first order goes through").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> orderAs(warmUp, 99, sernum).statusCode(), status -> status == 201);
    }

    @AfterAll
    static void restoreTheSharedSystem() {
        system.restartWith("order", Map.of());
    }

    private static Response orderAs(String customer, long shopId, String sernum) {
        return given().header("Authorization", SignedInSystem.as(customer)).contentType(ContentType.JSON)
                .body("{\"shopId\":" + shopId + ",\"eqpNm\":\"galaxy_s21\",\"eqpSernum\":\"" + sernum + "\"}")
                .post(order + "/orders");
    }

    private static long ordersOf(String customer) {
        return given().queryParam("customerId", customer).get(order + "/orders").then().statusCode(200)
                .extract().jsonPath().getLong("totalItems");
    }

    @Test
    void aCustomerHasAtMostThreeActiveOrdersAndAShippedOrCancelledOneFreesAPlace() {
        String customer = SignedInSystem.newCustomer();
        List<Long> placed = new ArrayList<>();
        for (int i = 0; i < ACTIVE_ORDERS_MAX; i++) {
            placed.add(orderAs(customer, 71, Ordering.registerPhone(shop, 71, "galaxy_s21")).then().statusCode(201)
                    .extract().jsonPath().getLong("id"));
        }
        String fourth = Ordering.registerPhone(shop, 71, "galaxy_s21");
        orderAs(customer, 71, fourth).then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("urn:twd:problem:active-order-limit"))
                .body("detail", containsString(ACTIVE_ORDERS_MAX + " active orders"));
        assertThat(ordersOf(customer)).as("nothing written").isEqualTo(ACTIVE_ORDERS_MAX);

        // a cancelled order is no longer active
        given().header("Authorization", SignedInSystem.as(customer)).post(order + "/orders/" + placed.get(0) + "/cancel")
                .then().statusCode(200);
        long fourthId = orderAs(customer, 71, fourth).then().statusCode(201).extract().jsonPath().getLong("id");
        orderAs(customer, 71, Ordering.registerPhone(shop, 71, "galaxy_s21")).then().statusCode(409);

        // nor is a shipped one, once the order service has heard that it shipped
        long deliveryId = Ordering.awaitConfirmedDelivery(delivery, placed.get(1));
        given().post(delivery + "/deliveries/" + deliveryId + "/start").then().statusCode(200);
        await().atMost(EVENTUAL).until(() -> Ordering.orderStatus(order, placed.get(1)).equals("DeliveryStarted"));
        orderAs(customer, 71, Ordering.registerPhone(shop, 71, "galaxy_s21")).then().statusCode(201);
        assertThat(fourthId).isPositive();
    }

    @Test
    void ordersOfOneCustomerAtTheSameMomentAreCountedOneAfterTheOther() throws Exception {
        String customer = SignedInSystem.newCustomer();
        int attempts = 2 * ACTIVE_ORDERS_MAX;
        List<String> phones = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
            phones.add(Ordering.registerPhone(shop, 72, "galaxy_s21"));
        }
        SignedInSystem.as(customer); // the token before the barrier
        CyclicBarrier together = new CyclicBarrier(attempts);
        ExecutorService clients = Executors.newFixedThreadPool(attempts);
        List<Future<Integer>> answers = new ArrayList<>();
        for (String sernum : phones) {
            answers.add(clients.submit(() -> {
                together.await();
                return orderAs(customer, 72, sernum).statusCode();
            }));
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> answer : answers) {
            statuses.add(answer.get());
        }
        clients.shutdown();
        assertThat(statuses).as("answers").filteredOn(s -> s == 201).hasSize(ACTIVE_ORDERS_MAX);
        assertThat(statuses).as("answers").filteredOn(s -> s == 409).hasSize(attempts - ACTIVE_ORDERS_MAX);
        assertThat(ordersOf(customer)).isEqualTo(ACTIVE_ORDERS_MAX);
    }

    @Test
    void notificationsGoOnlyToTheSignedInCustomersVerifiedAddress() {
        String customer = SignedInSystem.newCustomer();
        String own = customer + "@example.com";
        String stranger = "stranger-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String sernum = Ordering.registerPhone(shop, 73, "galaxy_s21");
        long orderId = Ordering.order(order, 73, "galaxy_s21", sernum, customer, stranger).then().statusCode(201)
                .body("customerEmail", equalTo(own)).extract().jsonPath().getLong("id");
        await().atMost(EVENTUAL).untilAsserted(() -> assertThat(MailSink.to(own)).hasSize(1));
        given().queryParam("orderId", orderId).get(message + "/messages").then().statusCode(200)
                .body("items.recipient", hasItem(own));
        await("no mail to the address the body named").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> MailSink.to(stranger).isEmpty());

        // an address the identity provider has not verified gets nothing either
        String unverified = Ordering.registerPhone(shop, 73, "galaxy_s21");
        long unverifiedOrder = orderAs(IdentityProvider.UNVERIFIED, 73, unverified).then().statusCode(201)
                .body("customerEmail", nullValue()).extract().jsonPath().getLong("id");
        await().atMost(EVENTUAL).untilAsserted(() -> given().queryParam("orderId", unverifiedOrder)
                .get(message + "/messages").then().statusCode(200).body("items[0].status", equalTo("SKIPPED")));
        assertThat(MailSink.to(IdentityProvider.UNVERIFIED + "@example.com")).isEmpty();
    }

    @Test
    void theCatalogueShowsOrderIdsToStaffAndManagersOnly() {
        String sernum = Ordering.registerPhone(shop, 74, "galaxy_s21");
        long orderId = orderAs(SignedInSystem.newCustomer(), 74, sernum).then().statusCode(201)
                .extract().jsonPath().getLong("id");
        await().atMost(EVENTUAL).until(() -> "Ordered".equals(given().header(SignedInSystem.ANONYMOUS, "true")
                .queryParam("shopId", 74).queryParam("eqpSernum", sernum).get(shop + "/shops").jsonPath()
                .getString("items[0].eqpStatus")));
        long phoneId = given().queryParam("shopId", 74).queryParam("eqpSernum", sernum).get(shop + "/shops")
                .jsonPath().getLong("items[0].id");
        for (String who : List.of("anonymous", IdentityProvider.DEFAULT_CUSTOMER)) {
            var request = who.equals("anonymous") ? given().header(SignedInSystem.ANONYMOUS, "true")
                    : given().header("Authorization", SignedInSystem.as(who));
            request.queryParam("shopId", 74).queryParam("eqpSernum", sernum).get(shop + "/shops").then()
                    .statusCode(200).body("items[0].eqpStatus", equalTo("Ordered"))
                    .body("items[0].containsKey('orderId')", equalTo(false));
            (who.equals("anonymous") ? given().header(SignedInSystem.ANONYMOUS, "true")
                    : given().header("Authorization", SignedInSystem.as(who)))
                    .get(shop + "/shops/" + phoneId).then().statusCode(200)
                    .body("containsKey('orderId')", equalTo(false));
        }
        for (String who : List.of(IdentityProvider.STAFF, IdentityProvider.MANAGER)) {
            given().header("Authorization", SignedInSystem.as(who)).get(shop + "/shops/" + phoneId).then()
                    .statusCode(200).body("orderId", equalTo((int) orderId));
        }
    }

    @Test
    void deepPagesAreRefusedAndAfterReachesThemAtTheSameCost() {
        List<String> sernums = List.of(Ordering.registerPhone(shop, 75, "galaxy_s21"),
                Ordering.registerPhone(shop, 75, "galaxy_s21"), Ordering.registerPhone(shop, 75, "galaxy_s21"));
        given().queryParam("page", 499).queryParam("size", 20).get(shop + "/shops").then().statusCode(200);
        for (int[] pageSize : new int[][] {{500, 20}, {50, 200}, {1_000_000, 1}}) {
            given().queryParam("page", pageSize[0]).queryParam("size", pageSize[1]).get(shop + "/shops").then()
                    .statusCode(400).contentType("application/problem+json")
                    .body("type", equalTo("urn:twd:problem:invalid-request"))
                    .body("errors[0].field", equalTo("page")).body("errors[0].message", containsString("after="));
        }
        // keyset paging: the page after the last id seen
        List<Long> first = given().queryParam("shopId", 75).queryParam("size", 2).get(shop + "/shops").then()
                .statusCode(200).body("totalItems", equalTo(3)).extract().jsonPath().getList("items.id", Long.class);
        assertThat(first).hasSize(2);
        given().queryParam("shopId", 75).queryParam("size", 2).queryParam("after", first.get(1)).get(shop + "/shops")
                .then().statusCode(200).body("items.size()", equalTo(1)).body("items[0].eqpSernum", equalTo(sernums.get(2)))
                .body("totalItems", equalTo(3));
        given().queryParam("shopId", 75).queryParam("after", first.get(1)).queryParam("page", 1).get(shop + "/shops")
                .then().statusCode(400).body("errors[0].field", equalTo("page"));
        given().queryParam("after", "0").get(shop + "/shops").then().statusCode(400).body("errors[0].field", equalTo("after"));
    }
}
