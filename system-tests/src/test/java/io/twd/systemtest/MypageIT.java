package io.twd.systemtest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.path.json.JsonPath;
import io.twd.testkit.EventSender;
import io.twd.testkit.IdentityProvider;
import io.twd.testkit.LibertyServer;
import io.twd.testkit.TwdSystem;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The mypage read model on its real server, built only from events published with a plain
 * JMS client (the documented examples): one entry per order that converges whatever order the
 * events arrive in, queries, live updates over Server-Sent Events and their bounds (per caller
 * and per server), a server that was down, and two replicas on one shared subscription applying
 * each event once in total, both doing part of the work (their {@code /metrics} counters).
 */
@ExtendWith(SignedInSystem.class)
class MypageIT {

    /** The mypage server's {@code mypage.sse.max-streams-per-caller} (its default). */
    private static final int MAX_STREAMS_PER_CALLER = 20;

    /** The {@code mypage.sse.max-streams} the total-bound test restarts mypage with. */
    private static final int MAX_STREAMS_IN_TEST = 3;

    /** The Prometheus name of mypage's counter of applied events ({@code mypage.events.applied}). */
    private static final String APPLIED_METRIC = "mypage_events_applied_total";

    /** The Prometheus name of mypage's counter of redeliveries dropped ({@code mypage.events.duplicates}). */
    private static final String DUPLICATES_METRIC = "mypage_events_duplicates_total";

    private static final Duration WAIT = Duration.ofSeconds(60);

    @BeforeAll
    static void start(TwdSystem system) {
        EventContract.stopOrderAndDelivery(system);
        system.start("mypage");
    }

    @AfterAll
    static void dropMadeUpEvents(TwdSystem system) throws Exception {
        EventContract.dropMadeUpEventsOfOrderAndDelivery(system);
    }

    private static ObjectNode event(String type, long orderId, String customerId, Instant at) {
        return EventContract.example(type, at, Map.of("orderId", orderId, "customerId", customerId,
                "deliveryId", orderId + 7, "eqpSernum", "MP-" + orderId));
    }

    private static JsonPath entry(String baseUrl, long orderId) {
        return given().get(baseUrl + "/mypages/" + orderId).then().statusCode(200).extract().jsonPath();
    }

    /**
     * @return how many events of the type this server applied since it started, read from its
     *     {@code /metrics} (the counter must be there, even at 0)
     */
    private static long applied(String baseUrl, String eventType) {
        return counted(baseUrl, APPLIED_METRIC, eventType);
    }

    private static long counted(String baseUrl, String metric, String eventType) {
        String metrics = given().get(baseUrl + "/metrics?scope=application").then().statusCode(200).extract().asString();
        List<String> lines = metrics.lines()
                .filter(l -> l.startsWith(metric + "{") && l.contains("eventType=\"" + eventType + "\""))
                .toList();
        assertThat(lines).as("%s{eventType=\"%s\"} at %s/metrics", metric, eventType, baseUrl).hasSize(1);
        String line = lines.get(0);
        return Math.round(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
    }

    /** What a request for a live stream that should be refused got. */
    private record Answer(int status, HttpHeaders headers, String body) {
    }

    /**
     * Asks for a live stream that should be refused, reading the refusal's body. A stream that is
     * let in instead is closed at once (and answers status 200), so the test fails rather than
     * reading it forever.
     */
    private static Answer refusal(HttpClient client, HttpRequest request) throws Exception {
        HttpResponse<Stream<String>> response = client.send(request, HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() == 200) {
            response.body().close();
            return new Answer(200, response.headers(), "(a live stream, let in)");
        }
        try (Stream<String> body = response.body()) {
            return new Answer(response.statusCode(), response.headers(), body.collect(Collectors.joining("\n")));
        }
    }

    private static HttpRequest followAs(String baseUrl, long orderId, String user) {
        return HttpRequest.newBuilder(URI.create(baseUrl + "/mypages/" + orderId + "/events"))
                .header("Accept", "text/event-stream").header("Authorization", SignedInSystem.as(user)).GET().build();
    }

    @Test
    void convergesWhateverTheArrivalOrder(TwdSystem system) throws Exception {
        long inOrder = EventContract.uniqueId();
        long reversed = EventContract.uniqueId();
        String customer = "cust-" + inOrder;
        Instant t = Instant.parse("2026-11-22T10:00:00Z");
        List<String> types = List.of("Ordered", "OrderCancelled", "DeliveryCancelled");
        try (EventSender sender = new EventSender(system.broker().connectionFactory())) {
            for (int i = 0; i < types.size(); i++) {
                EventContract.publish(sender, event(types.get(i), inOrder, customer, t.plusSeconds(i)));
            }
            for (int i = types.size() - 1; i >= 0; i--) {
                EventContract.publish(sender, event(types.get(i), reversed, customer, t.plusSeconds(i)));
            }
        }
        for (long orderId : List.of(inOrder, reversed)) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(
                    given().get(system.url("mypage") + "/mypages/" + orderId).then().extract().jsonPath()
                            .getList("history")).hasSize(3));
            JsonPath json = entry(system.url("mypage"), orderId);
            assertThat(json.getLong("orderId")).isEqualTo(orderId);
            assertThat(json.getString("customerId")).isEqualTo(customer);
            assertThat(json.getInt("shopId")).isEqualTo(1);
            assertThat(json.getString("eqpNm")).isEqualTo("galaxy_s21");
            assertThat(json.getString("eqpSernum")).isEqualTo("MP-" + orderId);
            assertThat(json.getLong("deliveryId")).isEqualTo(orderId + 7);
            assertThat(json.getString("status")).isEqualTo("DeliveryCancelled");
            assertThat(json.getString("orderStatus")).isEqualTo("OrderCancelled");
            assertThat(json.getString("deliveryStatus")).isEqualTo("DeliveryCancelled");
            assertThat(json.getList("history.status", String.class)).containsExactlyElementsOf(types);
            assertThat(json.getString("updatedAt")).isEqualTo(t.plusSeconds(2).toString());
        }
        JsonPath a = entry(system.url("mypage"), inOrder);
        JsonPath b = entry(system.url("mypage"), reversed);
        assertThat(b.getList("history.occurredAt")).isEqualTo(a.getList("history.occurredAt"));

        JsonPath mine = given().queryParam("customerId", customer).get(system.url("mypage") + "/mypages").then()
                .statusCode(200).body("totalItems", equalTo(2)).extract().jsonPath();
        assertThat(mine.getList("items.orderId", Long.class)).containsExactly(reversed, inOrder);
        given().queryParam("size", 1).get(system.url("mypage") + "/mypages").then().statusCode(200)
                .body("items.size()", equalTo(1)).body("size", equalTo(1));
        given().get(system.url("mypage") + "/mypages/987654321").then().statusCode(404)
                .contentType("application/problem+json");
        given().queryParam("size", 500).get(system.url("mypage") + "/mypages").then().statusCode(400);
    }

    @Test
    void anEntryIsConditionalOnAnEtagThatChangesWithEachEvent(TwdSystem system) throws Exception {
        long orderId = EventContract.uniqueId();
        Instant t = Instant.now();
        String url = system.url("mypage") + "/mypages/" + orderId;
        String first;
        try (EventSender sender = new EventSender(system.broker().connectionFactory())) {
            EventContract.publish(sender, event("Ordered", orderId, "kim", t));
            await().atMost(WAIT).until(() -> given().get(url).then().extract().statusCode() == 200);
            first = given().get(url).then().statusCode(200)
                    .header("Cache-Control", org.hamcrest.Matchers.containsString("no-cache"))
                    .extract().header("ETag");
            assertThat(first).as("ETag of the entry").isNotBlank();
            given().header("If-None-Match", first).get(url).then().statusCode(304).header("ETag", equalTo(first));
            given().header("If-None-Match", "\"0-0\"").get(url).then().statusCode(200).body("status", equalTo("Ordered"));
            EventContract.publish(sender, event("DeliveryStarted", orderId, "kim", t.plusSeconds(30)));
        }
        // the next event changes the entry: the old tag no longer matches, the new state is read
        await().atMost(WAIT).untilAsserted(() -> given().header("If-None-Match", first).get(url).then()
                .statusCode(200).body("status", equalTo("DeliveryStarted")));
        String second = given().get(url).then().statusCode(200).extract().header("ETag");
        assertThat(second).isNotEqualTo(first);
        given().header("If-None-Match", second).get(url).then().statusCode(304);
        // the tag tells nobody else anything: another customer gets 404 with or without it
        given().header("Authorization", SignedInSystem.as("lee")).header("If-None-Match", second).get(url).then()
                .statusCode(404);
        given().header("Authorization", SignedInSystem.as("kim")).header("If-None-Match", second).get(url).then()
                .statusCode(304);
    }

    @Test
    void deliveryStartedBeforeOrderedStillEndsStarted(TwdSystem system) throws Exception {
        long orderId = EventContract.uniqueId();
        Instant t = Instant.now();
        ObjectNode ordered = event("Ordered", orderId, "kim", t);
        long duplicatesBefore = counted(system.url("mypage"), DUPLICATES_METRIC, "Ordered");
        try (EventSender sender = new EventSender(system.broker().connectionFactory())) {
            EventContract.publish(sender, event("DeliveryStarted", orderId, "kim", t.plusSeconds(30)));
            EventContract.publish(sender, ordered);
            // a true redelivery of the same Ordered (same eventId, past the broker's duplicate
            // detection) must not add to the history
            sender.sendRaw("order.events", ordered.toString(), Map.of("eventType", "Ordered",
                    "eventId", ordered.get("eventId").asText(), "_AMQ_DUPL_ID", java.util.UUID.randomUUID().toString()),
                    Long.toString(orderId));
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(
                given().get(system.url("mypage") + "/mypages/" + orderId).then().extract().jsonPath()
                        .getList("history")).hasSize(2));
        JsonPath json = entry(system.url("mypage"), orderId);
        assertThat(json.getString("status")).isEqualTo("DeliveryStarted");
        assertThat(json.getString("orderStatus")).isEqualTo("Ordered");
        assertThat(json.getList("history.status", String.class)).containsExactly("Ordered", "DeliveryStarted");
        await().atMost(WAIT).until(() -> system.server("mypage").logTail(400).contains("Event "
                + ordered.get("eventId").asText() + " (\"Ordered\") was applied before: dropped as a duplicate"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                counted(system.url("mypage"), DUPLICATES_METRIC, "Ordered")).as("the redelivery is counted as a duplicate")
                .isEqualTo(duplicatesBefore + 1));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(entry(system.url("mypage"), orderId).getList("history")).hasSize(2));
    }

    @Test
    void liveUpdatesOverServerSentEvents(TwdSystem system) throws Exception {
        long orderId = EventContract.uniqueId();
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(system.url("mypage") + "/mypages/" + orderId + "/events"))
                .header("Accept", "text/event-stream")
                // staff may follow an order before its first event arrives (a customer only their own, once it exists)
                .header("Authorization", SignedInSystem.as(IdentityProvider.STAFF)).GET().build();
        CompletableFuture<HttpResponse<Stream<String>>> response =
                client.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        HttpResponse<Stream<String>> stream = response.get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("text/event-stream"));
        Thread reader = new Thread(() -> stream.body().forEach(lines::add), "sse-reader");
        reader.setDaemon(true);
        reader.start();
        Instant t = Instant.now();
        try (EventSender sender = new EventSender(system.broker().connectionFactory())) {
            EventContract.publish(sender, event("Ordered", orderId, "lee", t));
            await().atMost(WAIT).untilAsserted(() -> assertThat(lines).anyMatch(l -> l.startsWith("data:")
                    && l.contains("\"status\":\"Ordered\"")));
            EventContract.publish(sender, event("OrderCancelled", orderId, "lee", t.plusSeconds(1)));
            await().atMost(WAIT).untilAsserted(() -> assertThat(lines).anyMatch(l -> l.startsWith("data:")
                    && l.contains("\"status\":\"OrderCancelled\"")));
        } finally {
            stream.body().close();
        }
        assertThat(lines).contains("event: mypage");
    }

    /** A live stream being read on a thread of its own, until it ends. */
    private record Following(List<String> lines, CompletableFuture<Void> ended, Stream<String> body) {
    }

    private static Following follow(String mypage, long orderId, String token) throws Exception {
        HttpResponse<Stream<String>> stream = HttpClient.newHttpClient().sendAsync(
                HttpRequest.newBuilder(URI.create(mypage + "/mypages/" + orderId + "/events"))
                        .header("Accept", "text/event-stream").header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofLines()).get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(stream.statusCode()).isEqualTo(200);
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> ended = CompletableFuture.runAsync(() -> stream.body().forEach(lines::add));
        return new Following(lines, ended, stream.body());
    }

    @Test
    void aLiveStreamEndsWhenTheTokenThatOpenedItExpires(TwdSystem system) throws Exception {
        long orderId = EventContract.uniqueId();
        IdentityProvider identity = system.identity();
        Following lasting = follow(system.url("mypage"), orderId, identity.token(IdentityProvider.STAFF));
        String shortLived = identity.freshToken(IdentityProvider.REALM, IdentityProvider.SHORT_LIVED_CLIENT,
                IdentityProvider.STAFF);
        Instant opened = Instant.now();
        Following expiring = follow(system.url("mypage"), orderId, shortLived);
        try {
            // the token lives 2 s: the server ends its stream then (a heartbeat every second keeps
            // both alive until then, and the other one after)
            expiring.ended().get(IdentityProvider.SHORT_LIVED_SECONDS + 10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(Duration.between(opened, Instant.now())).as("ended with its token, not before")
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(IdentityProvider.SHORT_LIVED_SECONDS - 1));
            assertThat(expiring.lines()).anyMatch(line -> line.contains("the access token that opened this stream has expired"));
            Thread.sleep(2000);
            assertThat(lasting.ended()).as("the stream of a valid token goes on").isNotDone();
        } finally {
            lasting.body().close();
            expiring.body().close();
        }
    }

    @Test
    void liveStreamsAreBoundedPerCallerAndReleasedWhenTheirClientIsGone(TwdSystem system) throws Exception {
        String customer = system.identity().newCustomer();
        long orderId = EventContract.uniqueId();
        try (EventSender sender = new EventSender(system.broker().connectionFactory())) {
            EventContract.publish(sender, event("Ordered", orderId, customer, Instant.now()));
        }
        await().atMost(WAIT).until(() -> given().get(system.url("mypage") + "/mypages/" + orderId).statusCode() == 200);
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(system.url("mypage") + "/mypages/" + orderId + "/events"))
                .header("Accept", "text/event-stream").header("Authorization", SignedInSystem.as(customer)).GET().build();
        List<HttpResponse<Stream<String>>> streams = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_STREAMS_PER_CALLER; i++) {
                HttpResponse<Stream<String>> open = client.send(request, HttpResponse.BodyHandlers.ofLines());
                assertThat(open.statusCode()).as("stream %d", i + 1).isEqualTo(200);
                streams.add(open);
            }
            Answer refused = refusal(client, request);
            assertThat(refused.status()).as("one stream too many").isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(v).matches("[1-9][0-9]*"));
            assertThat(refused.body()).contains("\"status\":503");
            // another caller is not affected
            HttpResponse<Stream<String>> staff = client.send(HttpRequest.newBuilder(request, (k, v) -> !k.equals("Authorization"))
                    .header("Authorization", SignedInSystem.as(IdentityProvider.STAFF)).build(), HttpResponse.BodyHandlers.ofLines());
            assertThat(staff.statusCode()).isEqualTo(200);
            streams.add(staff);
            // a client that goes away frees its place: the heartbeat finds the dead stream
            streams.remove(0).body().close();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                HttpResponse<Stream<String>> again = client.send(request, HttpResponse.BodyHandlers.ofLines());
                if (again.statusCode() == 200) {
                    streams.add(again);
                    return true;
                }
                again.body().close();
                return false;
            });
        } finally {
            streams.forEach(open -> open.body().close());
        }
    }

    @Test
    void liveStreamsAreBoundedPerServerInTotal(TwdSystem system) throws Exception {
        // MYPAGE_SSE_MAX_STREAMS reaches mypage.sse.max-streams (MicroProfile Config's environment
        // names); with the default of 1000 the stream after the third would be let in
        system.restartWith("mypage", Map.of("MYPAGE_SSE_MAX_STREAMS", Integer.toString(MAX_STREAMS_IN_TEST)));
        List<HttpResponse<Stream<String>>> streams = new ArrayList<>();
        try {
            String mypage = system.url("mypage");
            // one more caller than places, each following their own order: the per-caller bound (20) is far away
            List<HttpRequest> callers = new ArrayList<>();
            try (EventSender sender = new EventSender(system.broker().connectionFactory())) {
                for (int i = 0; i <= MAX_STREAMS_IN_TEST; i++) {
                    String customer = system.identity().newCustomer();
                    long orderId = EventContract.uniqueId();
                    EventContract.publish(sender, event("Ordered", orderId, customer, Instant.now()));
                    callers.add(followAs(mypage, orderId, customer));
                }
            }
            for (HttpRequest caller : callers) {
                String orderPath = caller.uri().getPath().replace("/events", "");
                await().atMost(WAIT).until(() -> given().get(mypage + orderPath).statusCode() == 200);
            }
            HttpClient client = HttpClient.newHttpClient();
            for (int i = 0; i < MAX_STREAMS_IN_TEST; i++) {
                HttpResponse<Stream<String>> open = client.send(callers.get(i), HttpResponse.BodyHandlers.ofLines());
                assertThat(open.statusCode()).as("stream of caller %d", i + 1).isEqualTo(200);
                streams.add(open);
            }
            HttpRequest last = callers.get(MAX_STREAMS_IN_TEST);
            Answer refused = refusal(client, last);
            assertThat(refused.status()).as("a stream beyond the server's total, of a caller with none open")
                    .isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(v).matches("[1-9][0-9]*"));
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("application/problem+json"));
            assertThat(refused.body()).contains("\"status\":503");
            // a client that goes away frees its place for anyone: the heartbeat finds the dead stream
            streams.remove(0).body().close();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                HttpResponse<Stream<String>> again = client.send(last, HttpResponse.BodyHandlers.ofLines());
                if (again.statusCode() == 200) {
                    streams.add(again);
                    return true;
                }
                again.body().close();
                return false;
            });
            // and the server is full again: the caller who left cannot come back
            assertThat(refusal(client, callers.get(0)).status()).as("the total is reached again").isEqualTo(503);
        } finally {
            streams.forEach(open -> open.body().close());
            system.restartWith("mypage", Map.of());
        }
    }

    @Test
    void mypageThatWasDownCatchesUp(TwdSystem system) throws Exception {
        long orderId = EventContract.uniqueId();
        Instant t = Instant.now();
        system.server("mypage").stop();
        try (EventSender sender = new EventSender(system.broker().connectionFactory())) {
            EventContract.publish(sender, event("Ordered", orderId, "park", t));
            EventContract.publish(sender, event("DeliveryStarted", orderId, "park", t.plusSeconds(5)));
        } finally {
            system.start("mypage");
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(
                given().get(system.url("mypage") + "/mypages/" + orderId).then().extract().jsonPath()
                        .getList("history")).hasSize(2));
        assertThat(entry(system.url("mypage"), orderId).getString("status")).isEqualTo("DeliveryStarted");
    }

    @Test
    void twoReplicasApplyEachEventOnceInTotal(TwdSystem system) throws Exception {
        LibertyServer replica = system.replica("mypage", 2);
        replica.start(TwdSystem.READY_TIMEOUT);
        try {
            List<String> servers = List.of(system.url("mypage"), replica.baseUrl());
            // what each server applied so far, once no event of another test is still arriving
            Map<String, Long> before = new java.util.TreeMap<>();
            await().atMost(WAIT).pollInterval(Duration.ofSeconds(2)).until(() -> {
                Map<String, Long> now = new java.util.TreeMap<>();
                servers.forEach(server -> now.put(server, applied(server, "Ordered")));
                boolean settled = now.equals(before);
                before.clear();
                before.putAll(now);
                return settled;
            });
            Map<String, Long> duplicatesBefore = new java.util.TreeMap<>();
            servers.forEach(server -> duplicatesBefore.put(server, counted(server, DUPLICATES_METRIC, "Ordered")));
            List<Long> orders = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                orders.add(EventContract.uniqueId());
            }
            try (EventSender sender = new EventSender(system.broker().connectionFactory())) {
                Instant t = Instant.now();
                for (long orderId : orders) {
                    EventContract.publish(sender, event("Ordered", orderId, "replica-test", t));
                }
            }
            if (system.onPostgresql()) {
                // Replicas share the service's database: each entry is there once, with its one event applied once.
                await().atMost(WAIT).untilAsserted(() -> {
                    for (long orderId : orders) {
                        assertThat(given().get(replica.baseUrl() + "/mypages/" + orderId).then().extract().statusCode())
                                .isEqualTo(200);
                    }
                });
                for (long orderId : orders) {
                    assertThat(entry(system.url("mypage"), orderId).getList("history")).hasSize(1);
                }
            } else {
                // Each replica has its own Derby database: an entry is on the server that applied its event.
                await().atMost(WAIT).untilAsserted(() -> {
                    int applied = 0;
                    for (String server : servers) {
                        for (long orderId : orders) {
                            int status = given().get(server + "/mypages/" + orderId).then().extract().statusCode();
                            if (status == 200) {
                                applied++;
                            }
                        }
                    }
                    assertThat(applied).isGreaterThanOrEqualTo(orders.size());
                });
                List<Long> applied = Collections.synchronizedList(new ArrayList<>());
                Map<String, Integer> perServer = new java.util.TreeMap<>();
                for (String server : servers) {
                    for (long orderId : orders) {
                        if (given().get(server + "/mypages/" + orderId).then().extract().statusCode() == 200) {
                            applied.add(orderId);
                            perServer.merge(server, 1, Integer::sum);
                            assertThat(entry(server, orderId).getList("history")).hasSize(1);
                        }
                    }
                }
                assertThat(applied).as("each event applied on exactly one replica, per server " + perServer)
                        .hasSize(orders.size()).doesNotHaveDuplicates();
                assertThat(perServer).as("both replicas took a share of the events").hasSize(2);
            }
            // On either database: each server counts the events it applied (after commit). The
            // increases add up to the events published (none applied twice, none by nobody), and
            // stay there; each replica applied some.
            Map<String, Long> increase = new java.util.TreeMap<>();
            await().atMost(WAIT).untilAsserted(() -> {
                servers.forEach(server -> increase.put(server, applied(server, "Ordered") - before.get(server)));
                assertThat(increase.values().stream().mapToLong(Long::longValue).sum())
                        .as("events applied in all, per server %s", increase).isGreaterThanOrEqualTo(orders.size());
            });
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                servers.forEach(server -> increase.put(server, applied(server, "Ordered") - before.get(server)));
                assertThat(increase.values().stream().mapToLong(Long::longValue).sum())
                        .as("events applied in all, per server %s", increase).isEqualTo(orders.size());
            });
            // one shared subscription delivers each event to one replica: none was delivered to both, which
            // on a shared database would show as applied by one and dropped as a duplicate by the other
            Map<String, Long> duplicates = new java.util.TreeMap<>();
            servers.forEach(server -> duplicates.put(server,
                    counted(server, DUPLICATES_METRIC, "Ordered") - duplicatesBefore.get(server)));
            assertThat(duplicates).as("redeliveries dropped as duplicates, per server").allSatisfy((server, n) ->
                    assertThat(n).as(server).isZero());
            System.out.println("mypage replicas applied, per server: " + increase + "; duplicates dropped: " + duplicates);
            assertThat(increase.values()).as("both replicas applied a share of the events: %s", increase)
                    .allSatisfy(n -> assertThat(n).isPositive());
        } finally {
            replica.stop();
        }
    }
}
