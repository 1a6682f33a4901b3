package io.twd.systemtest;

import static io.restassured.RestAssured.given;
import static io.twd.systemtest.Ordering.EVENTUAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.twd.testkit.Gateway;
import io.twd.testkit.IdentityProvider;
import io.twd.testkit.TestEnvironment;
import io.twd.testkit.PathSpellings;
import io.twd.testkit.TwdSystem;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Who may do what (docs/architecture.md §5): every row of the access rules, against the real identity
 * provider and the real services. Each refusal is checked for its status, its problem body and
 * that nothing changed: no token, a token that is expired, forged, unsigned ({@code alg: none}),
 * tampered with, of another issuer or of another audience (401); a role that is not allowed
 * (403); another customer's order, mypage entry or notification (404, its existence not
 * revealed). The 401 problem body is the gateway's (a service's own 401 carries only the
 * {@code WWW-Authenticate: Bearer} challenge).
 */
@ExtendWith(SignedInSystem.class)
class AccessControlIT {

    private static String shop;
    private static String order;
    private static String delivery;
    private static String mypage;
    private static String message;
    private static Gateway gateway;
    private static IdentityProvider identity;
    private static TwdSystem system;

    /** Customer A's order, which customer B must not reach. */
    private static long ordered;
    private static long orderedDelivery;
    private static String orderedSernum;
    private static String customerA;
    private static String customerB;

    @BeforeAll
    static void start(TwdSystem started) {
        system = started;
        system.start("shop", "order", "delivery", "mypage");
        MailSink.startMessageServer(system);
        shop = system.url("shop");
        order = system.url("order");
        delivery = system.url("delivery");
        mypage = system.url("mypage");
        message = system.url("message");
        identity = system.identity();
        Map<String, List<Integer>> routes = new LinkedHashMap<>();
        for (String service : TwdSystem.SERVICES) {
            routes.put(service, List.of(system.server(service).httpPort()));
        }
        gateway = new Gateway(TestEnvironment.workDir("access-gateway"), routes);
        gateway.start();
        // the entry point's workers never run as root, whoever started it
        await().atMost(Duration.ofSeconds(5)).until(() -> !gateway.workerUsers().isEmpty());
        assertThat(gateway.workerUsers()).doesNotContain("root");
        Ordering.warmUp(shop, order);

        customerA = identity.newCustomer();
        customerB = identity.newCustomer();
        String sernum = Ordering.registerPhone(shop, 61, "galaxy_s21");
        orderedSernum = sernum;
        Response placed = await().atMost(EVENTUAL).until(
                () -> Ordering.order(order, 61, "galaxy_s21", sernum, customerA, customerA + "@example.com"),
                r -> r.statusCode() != 422);
        placed.then().statusCode(201).body("customerId", equalTo(customerA));
        ordered = placed.jsonPath().getLong("id");
        orderedDelivery = placed.jsonPath().getLong("deliveryId");
        // the read model and the notification of the order exist before B tries to read them
        await().atMost(EVENTUAL).until(() -> as(IdentityProvider.STAFF).get(mypage + "/mypages/" + ordered)
                .statusCode() == 200);
        await().atMost(EVENTUAL).until(() -> as(IdentityProvider.STAFF).queryParam("orderId", ordered)
                .get(message + "/messages").jsonPath().getInt("totalItems") >= 1);
    }

    @AfterAll
    static void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private static RequestSpecification as(String user) {
        return given().header("Authorization", identity.authorization(user));
    }

    private static RequestSpecification anonymous() {
        return given().header(SignedInSystem.ANONYMOUS, "true");
    }

    private static RequestSpecification bearer(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    /** What the tests below must leave unchanged. */
    private record Counts(long orders, long deliveries, long phonesAt62) {
    }

    private static Counts counts() {
        return new Counts(total(order + "/orders"), total(delivery + "/deliveries"),
                as(IdentityProvider.STAFF).queryParam("shopId", 62).get(shop + "/shops").jsonPath().getLong("totalItems"));
    }

    private static long total(String url) {
        return as(IdentityProvider.STAFF).get(url).then().statusCode(200).extract().jsonPath().getLong("totalItems");
    }

    private static void assertProblem(Response response, int status, String type) {
        response.then().statusCode(status).contentType("application/problem+json")
                .body("status", equalTo(status)).body("type", equalTo("urn:twd:problem:" + type));
    }

    private static void assertUnauthorized(Response response) {
        response.then().statusCode(401).header("WWW-Authenticate", startsWith("Bearer"));
    }

    @Test
    void withoutATokenEveryProtectedCallIs401AndThePublicCatalogueIsOpen() {
        Counts before = counts();
        String phone = "{\"shopId\":62,\"eqpNm\":\"galaxy_s21\",\"eqpSernum\":\"" + Ordering.uniqueSernum() + "\"}";
        assertUnauthorized(anonymous().contentType(ContentType.JSON).body(phone).post(shop + "/shops"));
        assertUnauthorized(anonymous().contentType(ContentType.JSON).body(phone).post(order + "/orders"));
        assertUnauthorized(anonymous().get(order + "/orders"));
        assertUnauthorized(anonymous().get(order + "/orders/" + ordered));
        assertUnauthorized(anonymous().post(order + "/orders/" + ordered + "/cancel"));
        assertUnauthorized(anonymous().delete(order + "/orders/" + ordered));
        assertUnauthorized(anonymous().get(delivery + "/deliveries"));
        assertUnauthorized(anonymous().get(delivery + "/deliveries/" + orderedDelivery));
        assertUnauthorized(anonymous().post(delivery + "/deliveries/" + orderedDelivery + "/start"));
        assertUnauthorized(anonymous().contentType(ContentType.JSON).body("{}").post(delivery + "/deliveries/requests"));
        assertUnauthorized(anonymous().post(delivery + "/deliveries/requests/" + ordered + "/cancel"));
        assertUnauthorized(anonymous().get(mypage + "/mypages"));
        assertUnauthorized(anonymous().get(mypage + "/mypages/" + ordered));
        assertUnauthorized(anonymous().get(mypage + "/mypages/" + ordered + "/events"));
        assertUnauthorized(anonymous().get(message + "/messages"));
        assertUnauthorized(anonymous().get(message + "/messages/1"));
        // through the gateway, the 401 has a problem body too
        for (String path : List.of("/orders", "/mypages", "/messages", "/deliveries")) {
            Response refused = anonymous().get(gateway.url() + path);
            assertUnauthorized(refused);
            assertProblem(refused, 401, "unauthorized");
            refused.then().body("detail", startsWith("Sign in"));
            assertThat(refused.headers().getValues("WWW-Authenticate")).as("one challenge").hasSize(1);
        }
        assertProblem(anonymous().contentType(ContentType.JSON).body(phone).post(gateway.url() + "/shops"), 401,
                "unauthorized");
        // open to anyone
        anonymous().queryParam("shopId", 61).get(shop + "/shops").then().statusCode(200);
        anonymous().queryParam("shopId", 61).get(gateway.url() + "/shops").then().statusCode(200);
        anonymous().get(gateway.url() + "/info/order").then().statusCode(200).body("service", equalTo("order"));
        anonymous().get(shop + "/health/ready").then().statusCode(200);
        // the API documents say that (and how) to sign in
        anonymous().queryParam("format", "JSON").get(order + "/openapi").then().statusCode(200)
                .body("components.securitySchemes.bearer.type", equalTo("http"))
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"))
                .body("paths.'/orders'.post.security[0].containsKey('bearer')", equalTo(true))
                .body("paths.'/orders'.post.summary", containsString("customer"));
        assertThat(counts()).isEqualTo(before);
        assertThat(Ordering.orderStatus(order, ordered)).isEqualTo("Ordered");
    }

    @Test
    void aRoleThatIsNotAllowedIs403AndChangesNothing() {
        Counts before = counts();
        String phone = "{\"shopId\":62,\"eqpNm\":\"galaxy_s21\",\"eqpSernum\":\"" + Ordering.uniqueSernum() + "\"}";
        for (String user : List.of("kim", IdentityProvider.STAFF, IdentityProvider.NO_ROLE)) {
            assertProblem(as(user).contentType(ContentType.JSON).body(phone).post(shop + "/shops"), 403, "forbidden");
        }
        String orderBody = "{\"shopId\":61,\"eqpNm\":\"galaxy_s21\",\"eqpSernum\":\"" + Ordering.uniqueSernum() + "\"}";
        for (String user : List.of(IdentityProvider.MANAGER, IdentityProvider.STAFF, IdentityProvider.NO_ROLE)) {
            assertProblem(as(user).contentType(ContentType.JSON).body(orderBody).post(order + "/orders"), 403,
                    "forbidden");
        }
        assertProblem(as(customerA).get(delivery + "/deliveries"), 403, "forbidden");
        assertProblem(as(customerA).get(delivery + "/deliveries/" + orderedDelivery), 403, "forbidden");
        for (String user : List.of(customerA, IdentityProvider.MANAGER)) {
            assertProblem(as(user).post(delivery + "/deliveries/" + orderedDelivery + "/start"), 403, "forbidden");
        }
        assertProblem(as(IdentityProvider.NO_ROLE).get(order + "/orders"), 403, "forbidden");
        assertProblem(as(IdentityProvider.NO_ROLE).get(mypage + "/mypages"), 403, "forbidden");
        assertProblem(as(IdentityProvider.NO_ROLE).get(message + "/messages"), 403, "forbidden");
        assertThat(counts()).isEqualTo(before);
        assertThat(Ordering.deliveryStatusOfOrder(delivery, ordered)).isNotEqualTo("DeliveryStarted");
    }

    @Test
    void anotherCustomersOrderMypageAndMessagesAreNotFoundAndCannotBeCancelled() {
        Counts before = counts();
        assertProblem(as(customerB).get(order + "/orders/" + ordered), 404, "not-found");
        assertProblem(as(customerB).post(order + "/orders/" + ordered + "/cancel"), 404, "not-found");
        assertProblem(as(customerB).delete(order + "/orders/" + ordered), 404, "not-found");
        assertProblem(as(customerB).queryParam("customerId", customerA).get(order + "/orders"), 403, "forbidden");
        as(customerB).get(order + "/orders").then().statusCode(200).body("totalItems", equalTo(0));
        assertProblem(as(customerB).get(mypage + "/mypages/" + ordered), 404, "not-found");
        assertProblem(as(customerB).get(mypage + "/mypages/" + ordered + "/events"), 404, "not-found");
        assertProblem(as(customerB).queryParam("customerId", customerA).get(mypage + "/mypages"), 403, "forbidden");
        as(customerB).get(mypage + "/mypages").then().statusCode(200).body("totalItems", equalTo(0));
        as(customerB).queryParam("orderId", ordered).get(message + "/messages").then().statusCode(200)
                .body("totalItems", equalTo(0));
        assertProblem(as(customerB).queryParam("customerId", customerA).get(message + "/messages"), 403, "forbidden");
        long notification = as(IdentityProvider.STAFF).queryParam("orderId", ordered).get(message + "/messages")
                .jsonPath().getLong("items[0].id");
        assertProblem(as(customerB).get(message + "/messages/" + notification), 404, "not-found");
        assertThat(counts()).isEqualTo(before);
        assertThat(Ordering.orderStatus(order, ordered)).isEqualTo("Ordered");
        assertThat(Ordering.deliveryStatusOfOrder(delivery, ordered)).isNotEqualTo("DeliveryCancelled");
    }

    @Test
    void deliverysInternalApiRefusesEveryEndUserWhateverTheBodySays() {
        Counts before = counts();
        String own = "{\"orderId\":" + ordered + ",\"customerId\":\"" + customerA
                + "\",\"shopId\":61,\"eqpNm\":\"galaxy_s21\",\"eqpSernum\":\"x1\"}";
        String ahead = "{\"orderId\":" + (ordered + 1_000_000) + ",\"customerId\":\"" + customerB
                + "\",\"shopId\":61,\"eqpNm\":\"galaxy_s21\",\"eqpSernum\":\"x1\"}";
        for (String user : List.of(customerA, customerB, IdentityProvider.STAFF, IdentityProvider.MANAGER,
                IdentityProvider.NO_ROLE)) {
            for (String body : List.of(own, ahead)) {
                assertProblem(as(user).contentType(ContentType.JSON).body(body).post(delivery + "/deliveries/requests"),
                        403, "forbidden");
            }
            assertProblem(as(user).post(delivery + "/deliveries/requests/" + ordered + "/cancel"), 403, "forbidden");
            assertProblem(as(user).post(delivery + "/deliveries/requests/" + ordered + "/discard"), 403, "forbidden");
        }
        assertThat(counts()).isEqualTo(before);
        assertThat(Ordering.orderStatus(order, ordered)).isEqualTo("Ordered");
        assertThat(Ordering.deliveryStatusOfOrder(delivery, ordered)).isNotIn("DeliveryCancelled", "DeliveryDiscarded");
        // the order service's own identity is let in (an existing order's delivery: 200, unchanged)
        given().header("Authorization", identity.serviceAuthorization()).contentType(ContentType.JSON)
                .body(own.replace("\"x1\"", "\"" + orderedSernum + "\"")).post(delivery + "/deliveries/requests")
                .then().statusCode(200).body("id", equalTo((int) orderedDelivery));
    }

    /** @return how many tokens of its own the order server has obtained since it started (its log says each) */
    private static long tokensObtainedByTheOrderService() {
        return system.server("order").logTail(1_000_000).lines()
                .filter(line -> line.contains("Obtained an access token of client twd-order")).count();
    }

    @Test
    void theOrderServiceCallsDeliveryWithOneTokenOfItsOwn() {
        long before = tokensObtainedByTheOrderService();
        assertThat(before).as("obtained before the first order (warm-up)").isPositive();
        String customer = identity.newCustomer();
        for (int i = 0; i < 3; i++) {
            String sernum = Ordering.registerPhone(shop, 65, "galaxy_s21");
            long orderId = await().atMost(EVENTUAL).until(
                    () -> Ordering.order(order, 65, "galaxy_s21", sernum, customer, customer + "@example.com"),
                    r -> r.statusCode() != 422).then().statusCode(201).extract().jsonPath().getLong("id");
            // open and cancel: two calls to delivery, which refuses every customer's token (above)
            as(customer).post(order + "/orders/" + orderId + "/cancel").then().statusCode(200);
        }
        assertThat(tokensObtainedByTheOrderService()).as("one token serves every call until it is due for renewal")
                .isEqualTo(before);
        // and that identity opens no door of the public APIs
        String service = identity.serviceAuthorization();
        for (String url : List.of(order + "/orders", mypage + "/mypages", message + "/messages",
                delivery + "/deliveries")) {
            assertProblem(given().header("Authorization", service).get(url), 403, "forbidden");
        }
        assertProblem(given().header("Authorization", service).contentType(ContentType.JSON)
                .body("{\"shopId\":65,\"eqpNm\":\"galaxy_s21\",\"eqpSernum\":\"" + Ordering.uniqueSernum() + "\"}")
                .post(order + "/orders"), 403, "forbidden");
    }

    @Test
    void theGatewayRoutesNoSpellingOfDeliverysInternalApiNotEvenForTheOrderServicesToken() throws Exception {
        Counts before = counts();
        long madeUp = ordered + 3_000_000;
        String request = "{\"orderId\":" + madeUp + ",\"customerId\":\"" + customerA
                + "\",\"shopId\":61,\"eqpNm\":\"galaxy_s21\",\"eqpSernum\":\"" + orderedSernum + "\"}";
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        for (String path : PathSpellings.INTERNAL_REQUEST_API) {
            String concrete = path.replace("/1/", "/" + ordered + "/");
            java.net.http.HttpResponse<String> answer = client.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(gateway.url() + concrete))
                    .header("Authorization", identity.serviceAuthorization()).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(request)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as("POST " + concrete + " through the gateway").isIn(400, 404);
        }
        assertThat(counts()).isEqualTo(before);
        as(IdentityProvider.STAFF).queryParam("orderId", madeUp).get(delivery + "/deliveries").then()
                .body("totalItems", equalTo(0));
        assertThat(Ordering.orderStatus(order, ordered)).isEqualTo("Ordered");
        assertThat(Ordering.deliveryStatusOfOrder(delivery, ordered)).isNotIn("DeliveryCancelled", "DeliveryDiscarded");
    }

    @Test
    void everyServicesHealthMetricsDocumentAndVersionAreOpenToAnyone() {
        for (String service : TwdSystem.SERVICES) {
            String url = system.url(service);
            anonymous().get(url + "/metrics").then().statusCode(200)
                    .body(containsString("# TYPE"));
            anonymous().get(url + "/health/ready").then().statusCode(200);
            anonymous().get(url + "/health/live").then().statusCode(200);
            anonymous().queryParam("format", "JSON").get(url + "/openapi").then().statusCode(200)
                    .body("components.securitySchemes.bearer.scheme", equalTo("bearer"));
            anonymous().get(url + "/info").then().statusCode(200).body("service", equalTo(service));
            anonymous().get(gateway.url() + "/info/" + service).then().statusCode(200).body("service", equalTo(service));
        }
    }

    @Test
    void aFrameworksRefusalTellsNoInternals() {
        for (String service : TwdSystem.SERVICES) {
            Response missing = as(IdentityProvider.STAFF).get(system.url(service) + "/nothing/here?secret=x");
            assertProblem(missing, 404, "http-404");
            missing.then().body("detail", equalTo("There is nothing at this path."));
            assertThat(missing.asString()).doesNotContain("RESTEASY", "http://", "secret=x");
        }
        Response wrongMethod = as(IdentityProvider.MANAGER).put(shop + "/shops");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.asString()).doesNotContain("RESTEASY");
    }

    @Test
    void theOwnerStaffAndManagersReachTheOrder() {
        for (String user : List.of(customerA, IdentityProvider.STAFF, IdentityProvider.MANAGER)) {
            as(user).get(order + "/orders/" + ordered).then().statusCode(200).body("customerId", equalTo(customerA));
            as(user).get(mypage + "/mypages/" + ordered).then().statusCode(200).body("customerId", equalTo(customerA));
            as(user).queryParam("orderId", ordered).get(message + "/messages").then().statusCode(200)
                    .body("items[0].customerId", equalTo(customerA));
        }
        // a customer's lists are their own, with or without naming themselves
        as(customerA).get(order + "/orders").then().statusCode(200).body("totalItems", equalTo(1))
                .body("items[0].id", equalTo((int) ordered));
        as(customerA).queryParam("customerId", customerA).get(mypage + "/mypages").then().statusCode(200)
                .body("totalItems", equalTo(1));
        as(IdentityProvider.MANAGER).get(delivery + "/deliveries/" + orderedDelivery).then().statusCode(200);
        as(IdentityProvider.STAFF).queryParam("customerId", customerA).get(order + "/orders").then()
                .body("totalItems", equalTo(1));
    }

    @Test
    void staffAndManagersMayCancelACustomersOrder() {
        String customer = identity.newCustomer();
        for (String user : List.of(IdentityProvider.STAFF, IdentityProvider.MANAGER)) {
            String sernum = Ordering.registerPhone(shop, 64, "galaxy_s21");
            Response placed = await().atMost(EVENTUAL).until(
                    () -> Ordering.order(order, 64, "galaxy_s21", sernum, customer, customer + "@example.com"),
                    r -> r.statusCode() != 422);
            placed.then().statusCode(201);
            long orderId = placed.jsonPath().getLong("id");
            as(user).post(order + "/orders/" + orderId + "/cancel").then().statusCode(200)
                    .body("orderStatus", equalTo("OrderCancelled")).body("customerId", equalTo(customer));
        }
    }

    @Test
    void tokensTheServicesMustNotTrustAre401AndChangeNothing() throws Exception {
        Counts before = counts();
        String customerC = identity.newCustomer();
        String sernum = Ordering.registerPhone(shop, 63, "galaxy_s21");
        String body = "{\"shopId\":63,\"eqpNm\":\"galaxy_s21\",\"eqpSernum\":\"" + sernum + "\"}";
        String valid = identity.freshToken(IdentityProvider.REALM, IdentityProvider.CLI_CLIENT, customerC);
        String expired = identity.freshToken(IdentityProvider.REALM, IdentityProvider.SHORT_LIVED_CLIENT, customerC);
        Map<String, String> untrusted = new LinkedHashMap<>();
        untrusted.put("another issuer",
                identity.freshToken(IdentityProvider.FOREIGN_REALM, IdentityProvider.CLI_CLIENT, customerC));
        untrusted.put("another audience",
                identity.freshToken(IdentityProvider.REALM, IdentityProvider.FOREIGN_AUDIENCE_CLIENT, customerC));
        untrusted.put("signed by another key", Jwt.resigned(valid));
        untrusted.put("unsigned (alg none)", Jwt.unsigned(valid));
        untrusted.put("claims changed after signing", Jwt.withUpn(valid, customerA));
        untrusted.put("the order service's role written in", Jwt.withGroups(valid, "order-service"));
        untrusted.put("not a JWT", "not.a.jwt");
        Thread.sleep(Duration.ofSeconds(IdentityProvider.SHORT_LIVED_SECONDS + 2).toMillis());
        untrusted.put("expired", expired);

        // every service's protected calls, delivery's internal API included
        String phone = "{\"shopId\":63,\"eqpNm\":\"galaxy_s21\",\"eqpSernum\":\"" + Ordering.uniqueSernum() + "\"}";
        String request = "{\"orderId\":" + (ordered + 2_000_000) + ",\"customerId\":\"" + customerC
                + "\",\"shopId\":63,\"eqpNm\":\"galaxy_s21\",\"eqpSernum\":\"" + sernum + "\"}";
        Map<String, Function<RequestSpecification, Response>> calls = new LinkedHashMap<>();
        calls.put("shop POST /shops", r -> r.contentType(ContentType.JSON).body(phone).post(shop + "/shops"));
        calls.put("order POST /orders", r -> r.contentType(ContentType.JSON).body(body).post(order + "/orders"));
        calls.put("order GET /orders/{id}", r -> r.get(order + "/orders/" + ordered));
        calls.put("order POST /orders/{id}/cancel", r -> r.post(order + "/orders/" + ordered + "/cancel"));
        calls.put("delivery GET /deliveries", r -> r.get(delivery + "/deliveries"));
        calls.put("delivery POST /deliveries/{id}/start", r -> r.post(delivery + "/deliveries/" + orderedDelivery + "/start"));
        calls.put("delivery POST /deliveries/requests", r -> r.contentType(ContentType.JSON).body(request)
                .post(delivery + "/deliveries/requests"));
        calls.put("delivery POST /deliveries/requests/{id}/cancel",
                r -> r.post(delivery + "/deliveries/requests/" + ordered + "/cancel"));
        calls.put("message GET /messages", r -> r.get(message + "/messages"));
        calls.put("mypage GET /mypages", r -> r.get(mypage + "/mypages"));
        calls.put("mypage GET /mypages/{id}/events", r -> r.get(mypage + "/mypages/" + ordered + "/events"));
        for (Map.Entry<String, String> token : untrusted.entrySet()) {
            calls.forEach((call, send) -> {
                Response refused = send.apply(bearer(token.getValue()));
                assertThat(refused.statusCode()).as(token.getKey() + ": " + call).isEqualTo(401);
                assertUnauthorized(refused);
            });
            Response viaGateway = bearer(token.getValue()).get(gateway.url() + "/orders/" + ordered);
            assertProblem(viaGateway, 401, "unauthorized");
        }
        assertThat(counts()).isEqualTo(before);
        // and the same request with the valid token goes through (once the order service knows the phone)
        await().atMost(EVENTUAL).until(() -> bearer(valid).contentType(ContentType.JSON).body(body)
                .post(order + "/orders"), r -> r.statusCode() != 422).then().statusCode(201)
                .body("customerId", equalTo(customerC));
    }

    /** Tokens made here from a valid one, to be refused: compact JWS (RFC 7515) by hand. */
    private static final class Jwt {

        private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
        private static final Base64.Decoder URL_DECODER = Base64.getUrlDecoder();

        /** The same header and claims, signed with a key of our own (the services do not know it). */
        static String resigned(String token) throws GeneralSecurityException {
            String[] parts = token.split("\\.");
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keys = generator.generateKeyPair();
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(keys.getPrivate());
            String signingInput = parts[0] + "." + parts[1];
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + URL.encodeToString(rs256.sign());
        }

        /** The same claims with {@code "alg":"none"} and no signature. */
        static String unsigned(String token) {
            String header = URL.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
            return header + "." + token.split("\\.")[1] + ".";
        }

        /** The original signature over claims whose {@code groups} were replaced by this one role. */
        static String withGroups(String token, String role) {
            String[] parts = token.split("\\.");
            String claims = new String(URL_DECODER.decode(parts[1]), StandardCharsets.UTF_8)
                    .replaceFirst("\"groups\":\\[[^\\]]*\\]", "\"groups\":[\"" + role + "\"]");
            return parts[0] + "." + URL.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        }

        /** The original signature over claims whose {@code upn} was changed. */
        static String withUpn(String token, String upn) {
            String[] parts = token.split("\\.");
            String claims = new String(URL_DECODER.decode(parts[1]), StandardCharsets.UTF_8)
                    .replaceFirst("\"upn\":\"[^\"]*\"", "\"upn\":\"" + upn + "\"");
            return parts[0] + "." + URL.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        }
    }
}
