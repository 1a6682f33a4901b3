package io.twd.systemtest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.restassured.path.json.JsonPath;
import io.twd.testkit.EventSender;
import io.twd.testkit.LibertyServer;
import io.twd.testkit.TwdSystem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The order service's transactional outbox against the real servers and broker (docs/events.md,
 * "The outbox"): events written while the broker hangs, by a server killed before it could send
 * them, leave once each and in order after the broker answers and the server is back; and two
 * order servers on one database (replicas; PostgreSQL) send each event once between them. The
 * relay's batches, one-by-one resend and poison events are tested on their own in the platform's
 * {@code OutboxRelayTest}.
 */
@ExtendWith(SignedInSystem.class)
class OutboxIT {

    private static final long SHOP = 46;
    /** How long after the last expected event the subscription is watched for copies. */
    private static final Duration QUIET = Duration.ofSeconds(5);

    private static String shop;

    @BeforeAll
    static void start(TwdSystem system) {
        system.start("shop", "order", "delivery");
        shop = system.url("shop");
        Ordering.warmUp(shop, system.url("order"));
    }

    /** An order the test placed, through which server, and whether it cancelled it. */
    private record Placed(long orderId, boolean cancelled) {
    }

    @Test
    void eventsInTheOutboxOfAServerKilledWhileTheBrokerHungLeaveOnceEachAndInOrder(TwdSystem system) throws Exception {
        String order = system.url("order");
        List<String> phones = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            phones.add(Ordering.registerPhone(shop, SHOP, "galaxy_s21")); // new to order: it asks the shop (REST)
        }
        String subscription = "outbox-it-" + UUID.randomUUID();
        try (EventSender operator = new EventSender(system.broker().connectionFactory())) {
            operator.subscribe("order.events", subscription);
        }
        List<Placed> placed = new ArrayList<>();
        try {
            system.broker().freeze();
            try {
                // committed with their events in the outbox; the relay cannot send them
                for (int i = 0; i < phones.size(); i++) {
                    long orderId = Ordering.order(order, SHOP, "galaxy_s21", phones.get(i)).then().statusCode(201)
                            .extract().jsonPath().getLong("id");
                    boolean cancel = i % 2 == 0;
                    if (cancel) {
                        given().post(order + "/orders/" + orderId + "/cancel").then().statusCode(200);
                    }
                    placed.add(new Placed(orderId, cancel));
                }
                system.server("order").kill();
            } finally {
                system.broker().thaw();
            }
            system.start("order");
            System.out.println("[outbox] " + placed.size() + " orders placed, " + placed.stream().filter(Placed::cancelled)
                    .count() + " cancelled, while the broker was frozen; the order server killed, the broker thawed,"
                    + " the order server restarted");

            Map<Long, List<String>> expected = new TreeMap<>();
            placed.forEach(p -> expected.put(p.orderId(), p.cancelled() ? List.of("Ordered", "OrderCancelled")
                    : List.of("Ordered")));
            Map<Long, List<String>> seen = new TreeMap<>();
            try (EventSender operator = new EventSender(system.broker().connectionFactory())) {
                await("every event of the orders published").atMost(Ordering.EVENTUAL).pollInterval(Duration.ofSeconds(1))
                        .until(() -> {
                            seen.clear();
                            seen.putAll(eventsByOrder(operator.browseWithProperties("order.events::" + subscription),
                                    expected));
                            return seen.equals(expected);
                        });
                // and nothing more: no copy arrives later
                await("no event published twice").during(QUIET).atMost(QUIET.plusSeconds(10)).until(() ->
                        eventsByOrder(operator.browseWithProperties("order.events::" + subscription), expected)
                                .equals(expected));
                List<String> ids = operator.browseWithProperties("order.events::" + subscription).stream()
                        .map(m -> m.properties().get("eventId")).toList();
                assertThat(ids).as("event ids on the subscription").doesNotHaveDuplicates();
            }
            System.out.println("[outbox] events of each order, in the order they arrived: " + seen);
        } finally {
            try (EventSender operator = new EventSender(system.broker().connectionFactory())) {
                operator.unsubscribe(subscription);
            }
        }
    }

    @Test
    void twoOrderServersOnOneDatabaseSendEachEventOnce(TwdSystem system) throws Exception {
        assumeTrue(TwdSystem.onPostgresql(), "replicas share the service's database: PostgreSQL only (-Ppostgresql)");
        LibertyServer replica = system.replica("order", 2);
        replica.start(TwdSystem.READY_TIMEOUT);
        String subscription = "outbox-it-" + UUID.randomUUID();
        try (EventSender operator = new EventSender(system.broker().connectionFactory())) {
            operator.subscribe("order.events", subscription);
            List<String> servers = List.of(system.url("order"), replica.baseUrl());
            Map<String, Long> before = settledSent(servers);
            // orders and cancellations through both servers, each woken by its own commits and
            // polling for the other's: their relays share the outbox
            Map<Long, List<String>> expected = new TreeMap<>();
            for (int i = 0; i < 24; i++) {
                String server = servers.get(i % 2);
                String sernum = Ordering.registerPhone(shop, SHOP, "galaxy_s21");
                long orderId = Ordering.orderOnceKnown(server, SHOP, "galaxy_s21", sernum).then().statusCode(201)
                        .extract().jsonPath().getLong("id");
                if (i % 3 == 0) {
                    given().post(servers.get((i + 1) % 2) + "/orders/" + orderId + "/cancel").then().statusCode(200);
                    expected.put(orderId, List.of("Ordered", "OrderCancelled"));
                } else {
                    expected.put(orderId, List.of("Ordered"));
                }
            }
            int events = expected.values().stream().mapToInt(List::size).sum();
            await("every event published").atMost(Ordering.EVENTUAL).pollInterval(Duration.ofSeconds(1)).until(() ->
                    eventsByOrder(operator.browseWithProperties("order.events::" + subscription), expected)
                            .equals(expected));
            Map<String, Long> after = settledSent(servers);
            Map<String, Long> sent = new LinkedHashMap<>();
            servers.forEach(server -> sent.put(server, after.get(server) - before.get(server)));
            System.out.println("[outbox] two order servers on one database sent, per server: " + sent + " of " + events
                    + " events");
            assertThat(sent.values().stream().mapToLong(Long::longValue).sum())
                    .as("events the two relays sent in all, per server %s", sent).isEqualTo(events);
        } finally {
            replica.stop();
            try (EventSender operator = new EventSender(system.broker().connectionFactory())) {
                operator.unsubscribe(subscription);
            }
        }
    }

    /** @return each expected order's event types in the order they are on the subscription (others left out) */
    private static Map<Long, List<String>> eventsByOrder(List<EventSender.Browsed> messages,
                                                        Map<Long, List<String>> expected) {
        Map<Long, List<String>> byOrder = new TreeMap<>();
        for (EventSender.Browsed message : messages) {
            JsonPath event = JsonPath.from(message.text());
            long orderId = event.getLong("orderId");
            if (expected.containsKey(orderId)) {
                byOrder.computeIfAbsent(orderId, k -> new ArrayList<>()).add(event.getString("eventType"));
            }
        }
        return byOrder;
    }

    /** @return each server's {@code outbox_events_sent_total}, once it stays the same for 3 s */
    private static Map<String, Long> settledSent(List<String> servers) {
        Map<String, Long> last = new LinkedHashMap<>();
        await("the relays idle").atMost(Ordering.EVENTUAL).pollInterval(Duration.ofMillis(1500)).until(() -> {
            Map<String, Long> now = new LinkedHashMap<>();
            servers.forEach(server -> now.put(server, sent(server)));
            boolean settled = now.equals(last);
            last.clear();
            last.putAll(now);
            return settled;
        });
        return last;
    }

    /** @return the server's {@code outbox_events_sent_total} (its relay's events sent since it started) */
    private static long sent(String server) {
        List<String> lines = given().get(server + "/metrics?scope=application").then().statusCode(200).extract().asString()
                .lines().filter(l -> l.startsWith("outbox_events_sent_total")).toList();
        assertThat(lines).as("outbox_events_sent_total at %s/metrics", server).hasSize(1);
        String line = lines.get(0);
        return Math.round(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
    }
}
