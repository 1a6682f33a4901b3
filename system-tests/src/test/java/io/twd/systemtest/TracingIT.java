package io.twd.systemtest;

import static io.restassured.RestAssured.given;
import static io.twd.systemtest.Ordering.EVENTUAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.twd.testkit.TraceStore;
import io.twd.testkit.TwdSystem;
import jakarta.json.JsonObject;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An order is one trace: every server sends its spans to the system's Zipkin
 * ({@link TraceStore}), the REST calls are traced by MicroProfile Telemetry and the events carry
 * the W3C trace context through the broker (EventTracing). The test sends {@code POST /orders}
 * with a {@code traceparent} of its own, then reads that trace from Zipkin's API: it must hold
 * spans of all five services, the order -> delivery REST hop, the JMS hops (PRODUCER then
 * CONSUMER with the right parent), and the e-mail's {@code smtp send} span; shipping the order is
 * a trace of its own that reaches the other services the same way.
 */
@ExtendWith(SignedInSystem.class)
class TracingIT {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<String> SERVICES = Set.of("shop", "order", "delivery", "message", "mypage");

    @Test
    void anOrderAndItsShippingAreEachOneTraceAcrossAllFiveServices(TwdSystem system) {
        MailSink.startMessageServer(system);
        system.start("shop", "order", "delivery", "message", "mypage");
        String shop = system.url("shop");
        String order = system.url("order");
        Ordering.warmUp(shop, order);
        String customer = SignedInSystem.newCustomer();
        String email = customer + "@example.com";
        String sernum = Ordering.registerPhone(shop, 73, "galaxy_s21");

        // the first attempts may find the order service not yet told of the phone (422): each
        // attempt is a trace of its own; the one that placed the order is checked
        String[] traceId = new String[1];
        Response placed = await("the order is placed").atMost(EVENTUAL).pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    traceId[0] = newTraceId();
                    return given().contentType(ContentType.JSON)
                            .header("Authorization", SignedInSystem.as(customer))
                            .header("traceparent", "00-" + traceId[0] + "-" + newSpanId() + "-01")
                            .body("{\"shopId\":73,\"eqpNm\":\"galaxy_s21\",\"eqpSernum\":\"" + sernum
                                    + "\",\"customerEmail\":\"" + email + "\"}")
                            .post(order + "/orders");
                }, r -> r.statusCode() != 422);
        placed.then().statusCode(201);
        long orderId = placed.jsonPath().getLong("id");

        Set<String> orderConsumers = Set.of("shop", "message", "mypage", "delivery");
        List<JsonObject> spans = awaitTrace(system.traces(), traceId[0],
                s -> services(s).containsAll(SERVICES) && has(s, "smtp send")
                        && processedBy(s, "order.events process").containsAll(orderConsumers));
        print("order " + orderId, spans);
        Map<String, JsonObject> byId = spans.stream().collect(Collectors.toMap(s -> s.getString("id"), s -> s,
                (a, b) -> a));

        // the request, then the REST hop order -> delivery: a CLIENT span of order, parent of delivery's SERVER span
        JsonObject orderServer = only(spans, s -> service(s).equals("order") && kind(s).equals("SERVER")
                && s.getString("name").contains("/orders"));
        JsonObject restClient = only(spans, s -> service(s).equals("order") && kind(s).equals("CLIENT")
                && parentOf(s, byId).filter(p -> p == orderServer).isPresent());
        JsonObject deliveryServer = only(spans, s -> service(s).equals("delivery") && kind(s).equals("SERVER"));
        assertThat(deliveryServer.getString("parentId")).as("delivery's request span is the REST call's child")
                .isEqualTo(restClient.getString("id"));

        // the JMS hops: Ordered published by order, consumed by shop, message and mypage (and delivery)
        JsonObject publish = only(spans, s -> service(s).equals("order") && kind(s).equals("PRODUCER")
                && s.getString("name").equals("order.events publish"));
        for (String consumer : orderConsumers) {
            List<JsonObject> processed = spans.stream().filter(s -> service(s).equals(consumer)
                    && kind(s).equals("CONSUMER") && s.getString("name").equals("order.events process")).toList();
            assertThat(processed).as(consumer + " consumed Ordered in this trace").isNotEmpty();
            assertThat(processed).allSatisfy(s -> assertThat(s.getString("parentId"))
                    .as(consumer + "'s CONSUMER span is a child of the PRODUCER span").isEqualTo(publish.getString("id")));
        }

        // the e-mail: sent later on another thread, still under message's consumer span
        JsonObject smtp = only(spans, s -> s.getString("name").equals("smtp send"));
        assertThat(service(smtp)).isEqualTo("message");
        JsonObject smtpParent = byId.get(smtp.getString("parentId"));
        assertThat(smtpParent).as("parent of the smtp span").isNotNull();
        assertThat(service(smtpParent) + " " + kind(smtpParent)).isEqualTo("message CONSUMER");

        // shipping: a new request, and its DeliveryStarted reaches the other services in its trace
        long deliveryId = Ordering.awaitConfirmedDelivery(system.url("delivery"), orderId);
        String shipTrace = newTraceId();
        given().header("traceparent", "00-" + shipTrace + "-" + newSpanId() + "-01")
                .post(system.url("delivery") + "/deliveries/" + deliveryId + "/start").then().statusCode(200);
        Set<String> shippingConsumers = Set.of("order", "shop", "message", "mypage");
        List<JsonObject> shipping = awaitTrace(system.traces(), shipTrace,
                s -> services(s).containsAll(SERVICES) && has(s, "smtp send")
                        && processedBy(s, "delivery.events process").containsAll(shippingConsumers));
        print("shipping of order " + orderId, shipping);
        assertThat(shipping).anySatisfy(s -> assertThat(s.getString("name")).isEqualTo("delivery.events publish"));
        assertThat(processedBy(shipping, "delivery.events process")).containsAll(shippingConsumers);
    }

    /** @return the services with a span of this name in the trace (spans are exported in batches, so late) */
    private static Set<String> processedBy(List<JsonObject> spans, String spanName) {
        return spans.stream().filter(s -> s.getString("name").equals(spanName)).map(TracingIT::service)
                .collect(Collectors.toSet());
    }

    private static List<JsonObject> awaitTrace(TraceStore traces, String traceId, Predicate<List<JsonObject>> complete) {
        return await("trace " + traceId + " complete in Zipkin").atMost(EVENTUAL).pollInterval(Duration.ofMillis(500))
                .until(() -> traces.trace(traceId), complete);
    }

    private static void print(String what, List<JsonObject> spans) {
        System.out.printf("[tracing] %s: %d spans%n", what, spans.size());
        spans.forEach(s -> System.out.printf("[tracing]   %-8s %-8s %-40s id=%s parent=%s%n", service(s), kind(s),
                s.getString("name"), s.getString("id"), s.getString("parentId", "-")));
    }

    private static JsonObject only(List<JsonObject> spans, Predicate<JsonObject> which) {
        List<JsonObject> found = spans.stream().filter(which).toList();
        assertThat(found).as("spans matching in %s", spans).isNotEmpty();
        return found.get(0);
    }

    private static java.util.Optional<JsonObject> parentOf(JsonObject span, Map<String, JsonObject> byId) {
        return java.util.Optional.ofNullable(span.getString("parentId", null)).map(byId::get);
    }

    private static boolean has(List<JsonObject> spans, String name) {
        return spans.stream().anyMatch(s -> s.getString("name").equals(name));
    }

    private static Set<String> services(List<JsonObject> spans) {
        return spans.stream().map(TracingIT::service).collect(Collectors.toSet());
    }

    private static String service(JsonObject span) {
        return span.getJsonObject("localEndpoint").getString("serviceName", "");
    }

    private static String kind(JsonObject span) {
        return span.getString("kind", "INTERNAL");
    }

    private static String newTraceId() {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    private static String newSpanId() {
        byte[] id = new byte[8];
        RANDOM.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }
}
