package io.twd.testkit;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the state of every service through its API and lists where it breaks the invariants of
 * docs/architecture.md §3, for the orders of a set of customers and the phones of a set of shops (the scope of
 * one test, so that other tests' data in the shared system does not count).
 *
 * <p>What it checks:
 * <ul>
 *   <li>every order a client saw accepted (201) exists exactly once in order, delivery, mypage
 *       and (if it has a {@code customerEmail}) in message;</li>
 *   <li>nothing exists twice: one delivery per order, one mypage entry per order, one
 *       notification per {@code eventId} and per ({@code orderId}, {@code eventType});</li>
 *   <li>no delivery is started for an order that is cancelled or that the order service does
 *       not have; a delivery of an order the order service does not have may only be an
 *       unconfirmed request ({@code DeliveryRequested} or {@code DeliveryDiscarded}, never
 *       shippable);</li>
 *   <li>at most one active order per phone, and every phone's {@code eqpStatus} agrees with its
 *       orders: an active order's phone is {@code Ordered} ({@code Shipped} once delivery
 *       started) with that {@code orderId}; a phone whose orders are all cancelled is
 *       {@code OrderAvailable};</li>
 *   <li>the statuses of the delivery and of the mypage entry agree with the order's;</li>
 *   <li>a phone for which a client got an error answer has no order, delivery, mypage entry or
 *       notification;</li>
 *   <li>no new message on a dead-letter queue (the queues {@code DLQ.*} on the address
 *       {@code DLA}) since {@link #ignoreCurrentDeadLetters()}.</li>
 * </ul>
 *
 * <p>Typical use: build it with the scope, call {@link #ignoreCurrentDeadLetters()} before the
 * load, then {@link #awaitConverged(Duration)} after it.
 */
public final class Reconciliation {

    /** The longest {@link #awaitConverged(Duration)} waits, whatever it is asked. */
    public static final Duration MAX_WAIT = Duration.ofSeconds(60);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private static final int PAGE_SIZE = 200;

    /**
     * A phone, as the shop and the order service key it.
     *
     * @param shopId    the shop's id
     * @param eqpSernum the phone's serial number
     */
    public record Phone(long shopId, String eqpSernum) {
        /** @return {@code shopId/eqpSernum} */
        @Override
        public String toString() {
            return shopId + "/" + eqpSernum;
        }
    }

    private final TwdSystem system;
    private final Set<Long> accepted = new LinkedHashSet<>();
    private final Set<Phone> rejected = new LinkedHashSet<>();
    private final Set<String> customers = new LinkedHashSet<>();
    private final Set<Long> shops = new LinkedHashSet<>();
    private final Map<String, Integer> knownDeadLetters = new HashMap<>();

    /**
     * @param system the running system whose services are read
     */
    public Reconciliation(TwdSystem system) {
        this.system = Objects.requireNonNull(system);
    }

    /**
     * Adds orders that clients saw accepted (201).
     *
     * @param orderIds the orders' ids
     * @return this
     */
    public synchronized Reconciliation accepted(Collection<Long> orderIds) {
        accepted.addAll(orderIds);
        return this;
    }

    /**
     * Adds phones for which a client got an error answer (4xx/5xx, or a refused connection) and
     * that no client ordered again: none of them may have an order anywhere.
     *
     * @param phones the phones
     * @return this
     */
    public synchronized Reconciliation rejected(Collection<Phone> phones) {
        rejected.addAll(phones);
        return this;
    }

    /**
     * Adds customers whose orders (all of them, in every service) are checked.
     *
     * @param customerIds the customers' ids
     * @return this
     */
    public synchronized Reconciliation customers(Collection<String> customerIds) {
        customers.addAll(customerIds);
        return this;
    }

    /**
     * Adds shops whose phones (all of them) are checked against their orders.
     *
     * @param shopIds the shops' ids
     * @return this
     */
    public synchronized Reconciliation shops(Collection<Long> shopIds) {
        shops.addAll(shopIds);
        return this;
    }

    /**
     * Remembers the messages on the dead-letter queues now, so that only messages arriving later
     * count as violations (earlier tests of the run may have left poison messages there on
     * purpose).
     *
     * @return this
     * @throws IllegalStateException if the broker cannot be read
     */
    public synchronized Reconciliation ignoreCurrentDeadLetters() {
        knownDeadLetters.clear();
        for (String letter : deadLetters()) {
            knownDeadLetters.merge(letter, 1, Integer::sum);
        }
        return this;
    }

    /**
     * Checks again and again (every 2 s) until no violation is left or the time is up.
     *
     * @param atMost how long to wait, capped at {@link #MAX_WAIT}
     * @return the violations of the last check: empty if the system converged
     */
    public List<String> awaitConverged(Duration atMost) {
        Duration limit = atMost.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : atMost;
        Instant deadline = Instant.now().plus(limit);
        while (true) {
            List<String> violations = violations();
            if (violations.isEmpty() || Instant.now().isAfter(deadline)) {
                return violations;
            }
            Ports.sleep(2000);
        }
    }

    /**
     * Checks once.
     *
     * @return human-readable violations, empty if the scope is consistent
     */
    public synchronized List<String> violations() {
        List<String> violations = new ArrayList<>();
        try {
            check(violations);
        } catch (RuntimeException e) {
            violations.add("could not read the system's state: " + e
                    + (e.getStackTrace().length > 0 ? " at " + e.getStackTrace()[0] : ""));
        }
        return violations;
    }

    /** What one check read of every service, for the scope. */
    private final class State {
        /** The scope's orders by id: the customers' and the accepted ones. */
        final Map<Long, JsonObject> orders = new TreeMap<>();
        /** The scope's orders by phone. */
        final Map<Phone, List<JsonObject>> ordersByPhone = new HashMap<>();
        /** The deliveries of the scope's orders, shops and rejected phones, by order id. */
        final Map<Long, List<JsonObject>> deliveriesByOrder = new HashMap<>();
        /** The status of each scope order's one live (not discarded) delivery. */
        final Map<Long, String> deliveryStatus = new HashMap<>();
        /** The customers' mypage entries by order id. */
        final Map<Long, JsonObject> mypages = new HashMap<>();

        /** @return whether the order service has this order (in the scope or not) */
        boolean orderExists(long orderId) {
            return orders.containsKey(orderId) || getOrNull(system.url("order") + "/orders/" + orderId) != null;
        }
    }

    private void check(List<String> v) {
        State state = new State();
        acceptedOrdersExistOnce(state, v);
        rejectedPhonesHaveNoOrder(state, v);
        eachOrderHasOneLiveDeliveryAndNoOrphanIsShippable(state, v);
        mypageHasEachOrderOnce(state, v);
        noNotificationWithoutItsOrder(v);
        deliveryMypageAndNotificationsAgreeWithEachOrder(state, v);
        eachPhoneFollowsItsOrders(state, v);
        v.addAll(newDeadLetters());
    }

    /** Every order a client saw accepted exists in the order service, and is listed once. */
    private void acceptedOrdersExistOnce(State state, List<String> v) {
        for (String customer : customers) {
            for (JsonObject order : pages(system.url("order") + "/orders?customerId=" + enc(customer))) {
                if (state.orders.put(id(order, "id"), order) != null) {
                    v.add("order " + id(order, "id") + " listed twice for customer " + customer);
                }
            }
        }
        for (long orderId : accepted) {
            if (!state.orders.containsKey(orderId)) {
                JsonObject order = getOrNull(system.url("order") + "/orders/" + orderId);
                if (order == null) {
                    v.add("accepted order " + orderId + " is missing in order");
                } else {
                    state.orders.put(orderId, order);
                }
            }
        }
        for (JsonObject order : state.orders.values()) {
            state.ordersByPhone.computeIfAbsent(phoneOf(order), p -> new ArrayList<>()).add(order);
        }
    }

    /** A phone for which a client got an error answer has no order. */
    private void rejectedPhonesHaveNoOrder(State state, List<String> v) {
        for (Phone phone : rejected) {
            for (JsonObject order : state.ordersByPhone.getOrDefault(phone, List.of())) {
                v.add("phone " + phone + " got an error answer but has order " + id(order, "id") + " ("
                        + order.getString("orderStatus") + ")");
            }
        }
    }

    /**
     * One live (not discarded) delivery per order; a delivery of an order the order service does
     * not have is an unconfirmed request ({@code DeliveryRequested}) or discarded, never shippable,
     * also for the phones that got an error answer.
     */
    private void eachOrderHasOneLiveDeliveryAndNoOrphanIsShippable(State state, List<String> v) {
        for (JsonObject delivery : pages(system.url("delivery") + "/deliveries")) {
            long orderId = id(delivery, "orderId");
            if (state.orders.containsKey(orderId) || shops.contains(id(delivery, "shopId"))
                    || rejected.contains(phoneOf(delivery))) {
                state.deliveriesByOrder.computeIfAbsent(orderId, k -> new ArrayList<>()).add(delivery);
            }
        }
        for (Map.Entry<Long, List<JsonObject>> entry : state.deliveriesByOrder.entrySet()) {
            long orderId = entry.getKey();
            JsonObject order = state.orders.get(orderId);
            if (order == null && getOrNull(system.url("order") + "/orders/" + orderId) != null) {
                continue; // another customer's order on one of the scope's shops
            }
            List<JsonObject> live = entry.getValue().stream()
                    .filter(d -> !"DeliveryDiscarded".equals(d.getString("deliveryStatus"))).toList();
            if (order == null) {
                for (JsonObject d : live) {
                    String status = d.getString("deliveryStatus");
                    if (!"DeliveryRequested".equals(status)) {
                        v.add("delivery " + id(d, "id") + " is " + status + " for order " + orderId
                                + " that the order service does not have"
                                + (rejected.contains(phoneOf(d)) ? " (phone " + phoneOf(d) + " got an error answer)" : ""));
                    }
                }
                continue;
            }
            if (live.size() > 1) {
                v.add("order " + orderId + " has " + live.size() + " deliveries: " + ids(live));
            }
            if (!live.isEmpty()) {
                state.deliveryStatus.put(orderId, live.get(0).getString("deliveryStatus"));
            }
        }
    }

    /** One mypage entry per order, none for an order the order service does not have. */
    private void mypageHasEachOrderOnce(State state, List<String> v) {
        for (String customer : customers) {
            for (JsonObject entry : pages(system.url("mypage") + "/mypages?customerId=" + enc(customer))) {
                long orderId = id(entry, "orderId");
                if (state.mypages.put(orderId, entry) != null) {
                    v.add("mypage has two entries for order " + orderId);
                }
                if (!state.orderExists(orderId)) {
                    v.add("mypage has an entry for order " + orderId + " (" + str(entry, "status")
                            + ") that the order service does not have");
                }
            }
        }
    }

    /** No notification for an order the order service does not have. */
    private void noNotificationWithoutItsOrder(List<String> v) {
        Map<Long, Boolean> exists = new HashMap<>();
        for (String customer : customers) {
            for (JsonObject n : pages(system.url("message") + "/messages?customerId=" + enc(customer))) {
                long orderId = id(n, "orderId");
                if (!exists.computeIfAbsent(orderId,
                        o -> getOrNull(system.url("order") + "/orders/" + o) != null)) {
                    v.add("message has notification " + id(n, "id") + " (" + str(n, "eventType") + ") for order "
                            + orderId + " that the order service does not have");
                }
            }
        }
    }

    /**
     * Per order: its delivery's status, its mypage entry (statuses, each event applied once) and
     * its notifications (one per status change the customer sees) agree with the order's status.
     */
    private void deliveryMypageAndNotificationsAgreeWithEachOrder(State state, List<String> v) {
        for (JsonObject order : state.orders.values()) {
            long orderId = id(order, "id");
            String status = order.getString("orderStatus");
            String delivered = state.deliveryStatus.get(orderId);
            checkDelivery(v, orderId, status, delivered);
            JsonObject entry = state.mypages.get(orderId);
            if (entry == null) {
                entry = getOrNull(system.url("mypage") + "/mypages/" + orderId);
            }
            checkMypage(v, orderId, status, delivered, entry);
            Set<String> expectedTypes = new LinkedHashSet<>();
            expectedTypes.add("Ordered");
            if ("OrderCancelled".equals(status)) {
                expectedTypes.add("OrderCancelled");
            }
            if ("DeliveryStarted".equals(delivered)) {
                expectedTypes.add(delivered); // a DeliveryCancelled notifies nothing: OrderCancelled tells it
            }
            checkNotifications(v, orderId, order, expectedTypes);
        }
    }

    private static void checkDelivery(List<String> v, long orderId, String status, String delivered) {
        String expectedDelivery = switch (status) {
            case "Ordered" -> "DeliveryConfirmed";
            case "DeliveryStarted" -> "DeliveryStarted";
            default -> "DeliveryCancelled";
        };
        if (delivered == null) {
            v.add("order " + orderId + " (" + status + ") is missing in delivery");
        } else if ("OrderCancelled".equals(status) && "DeliveryStarted".equals(delivered)) {
            v.add("order " + orderId + " is OrderCancelled but its delivery was started (DeliveryStarted)");
        } else if (!expectedDelivery.equals(delivered)) {
            v.add("order " + orderId + " is " + status + " but its delivery is " + delivered
                    + " (expected " + expectedDelivery + ")");
        }
    }

    private static void checkMypage(List<String> v, long orderId, String status, String delivered, JsonObject entry) {
        if (entry == null) {
            v.add("order " + orderId + " (" + status + ") is missing in mypage");
            return;
        }
        String expectedOrderStatus = "OrderCancelled".equals(status) ? "OrderCancelled" : "Ordered";
        String expectedMyDelivery = "DeliveryStarted".equals(delivered) || "DeliveryCancelled".equals(delivered)
                ? delivered : null;
        if (!expectedOrderStatus.equals(str(entry, "orderStatus"))) {
            v.add("mypage of order " + orderId + " has orderStatus " + str(entry, "orderStatus")
                    + ", order says " + status);
        }
        if (!Objects.equals(expectedMyDelivery, str(entry, "deliveryStatus"))) {
            v.add("mypage of order " + orderId + " has deliveryStatus " + str(entry, "deliveryStatus")
                    + ", delivery says " + delivered);
        }
        JsonArray history = entry.getJsonArray("history");
        if (history != null) {
            Set<String> seen = new LinkedHashSet<>();
            for (JsonValue change : history) {
                String eventId = str(change.asJsonObject(), "eventId");
                if (eventId != null && !seen.add(eventId)) {
                    v.add("mypage of order " + orderId + " applied event " + eventId + " twice");
                }
            }
        }
    }

    /** At most one active order per phone, and each phone's {@code eqpStatus} agrees with its orders. */
    private void eachPhoneFollowsItsOrders(State state, List<String> v) {
        for (long shopId : shops) {
            for (JsonObject phone : pages(system.url("shop") + "/shops?shopId=" + shopId)) {
                checkPhone(v, phone, state.ordersByPhone.getOrDefault(phoneOf(phone), List.of()));
            }
        }
    }

    /**
     * Reads the dead-letter queues.
     *
     * @return one line per message on a dead-letter queue that was not there at
     *     {@link #ignoreCurrentDeadLetters()}: empty when none arrived since
     * @throws IllegalStateException if the broker cannot be read
     */
    public synchronized List<String> newDeadLetters() {
        List<String> found = new ArrayList<>();
        Map<String, Integer> known = new HashMap<>(knownDeadLetters);
        for (String letter : deadLetters()) {
            if (known.merge(letter, -1, Integer::sum) < 0) {
                found.add("dead letter " + letter);
            }
        }
        return found;
    }

    private void checkNotifications(List<String> v, long orderId, JsonObject order, Set<String> expectedTypes) {
        List<JsonObject> notifications = pages(system.url("message") + "/messages?orderId=" + orderId);
        Map<String, Integer> byEvent = new HashMap<>();
        Map<String, Integer> byType = new LinkedHashMap<>();
        for (JsonObject n : notifications) {
            byEvent.merge(String.valueOf(str(n, "eventId")), 1, Integer::sum);
            byType.merge(String.valueOf(str(n, "eventType")), 1, Integer::sum);
        }
        byEvent.forEach((eventId, count) -> {
            if (count > 1) {
                v.add("order " + orderId + " has " + count + " notifications for event " + eventId);
            }
        });
        byType.forEach((type, count) -> {
            if (count > 1) {
                v.add("order " + orderId + " has " + count + " notifications of " + type);
            }
        });
        boolean hasEmail = str(order, "customerEmail") != null;
        for (String type : expectedTypes) {
            if (hasEmail && !byType.containsKey(type)) {
                v.add("order " + orderId + " (" + order.getString("orderStatus") + ") has no " + type
                        + " notification in message");
            }
        }
        for (String type : byType.keySet()) {
            if (!expectedTypes.contains(type)) {
                v.add("order " + orderId + " (" + order.getString("orderStatus") + ") has a " + type
                        + " notification its state does not explain");
            }
        }
    }

    private static void checkPhone(List<String> v, JsonObject phone, List<JsonObject> orders) {
        Phone key = phoneOf(phone);
        String eqpStatus = str(phone, "eqpStatus");
        Long phoneOrder = str(phone, "orderId") == null ? null : id(phone, "orderId");
        List<JsonObject> active = orders.stream()
                .filter(o -> !"OrderCancelled".equals(o.getString("orderStatus"))).toList();
        if (active.size() > 1) {
            v.add("phone " + key + " has " + active.size() + " active orders: " + ids(active));
            return;
        }
        if (active.size() == 1) {
            JsonObject order = active.get(0);
            long orderId = id(order, "id");
            String expected = "DeliveryStarted".equals(order.getString("orderStatus")) ? "Shipped" : "Ordered";
            if (!expected.equals(eqpStatus) || !Long.valueOf(orderId).equals(phoneOrder)) {
                v.add("phone " + key + " is " + eqpStatus + " (orderId " + phoneOrder + ") but order " + orderId
                        + " is " + order.getString("orderStatus") + " (expected " + expected + " with that orderId)");
            }
        } else if (!orders.isEmpty() && !"OrderAvailable".equals(eqpStatus)) {
            v.add("phone " + key + " is " + eqpStatus + " (orderId " + phoneOrder + ") but its orders are all cancelled: "
                    + ids(orders));
        }
    }

    private List<String> deadLetters() {
        List<String> letters = new ArrayList<>();
        try (EventSender sender = new EventSender(system.broker().connectionFactory())) {
            List<String> queues = sender.queueNames();
            if (queues.stream().noneMatch(q -> q.endsWith("order-events"))) {
                // the broker's answer is not what it should be: a check that reads nothing cannot pass
                throw new IllegalStateException("the broker lists no subscription of order.events: " + queues);
            }
            for (String queue : queues) {
                if (!queue.startsWith("DLQ.")) {
                    continue;
                }
                for (EventSender.Browsed message : sender.browseWithProperties("DLA::" + queue)) {
                    letters.add(queue + " from " + message.properties().get("_AMQ_ORIG_QUEUE") + ": " + message.text());
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the dead-letter queues: " + e, e);
        }
        return letters;
    }

    private List<JsonObject> pages(String url) {
        List<JsonObject> items = new ArrayList<>();
        String separator = url.contains("?") ? "&" : "?";
        for (int page = 0; page < 1000; page++) {
            JsonObject body = getOrNull(url + separator + "page=" + page + "&size=" + PAGE_SIZE);
            if (body == null) {
                throw new IllegalStateException("GET " + url + " answered 404");
            }
            JsonArray array = body.getJsonArray("items");
            array.forEach(item -> items.add(item.asJsonObject()));
            if (array.size() < PAGE_SIZE || (long) (page + 1) * PAGE_SIZE >= body.getJsonNumber("totalItems").longValue()) {
                break;
            }
        }
        return items;
    }

    /** @return the JSON body of a 200 (read as staff, who see every customer's data), null for a 404; throws for anything else */
    private JsonObject getOrNull(String url) {
        HttpResponse<String> response;
        try {
            response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15))
                    .header("Authorization", system.identity().authorization(IdentityProvider.STAFF))
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + url + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (response.statusCode() == 404) {
            return null;
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readObject();
        }
    }

    private static Phone phoneOf(JsonObject json) {
        return new Phone(id(json, "shopId"), str(json, "eqpSernum"));
    }

    private static long id(JsonObject json, String name) {
        JsonValue value = json.get(name);
        if (value instanceof JsonString s) {
            return Long.parseLong(s.getString());
        }
        return json.getJsonNumber(name).longValue();
    }

    private static String str(JsonObject json, String name) {
        JsonValue value = json.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        return value instanceof JsonString s ? s.getString() : value.toString();
    }

    private static List<Long> ids(List<JsonObject> items) {
        return items.stream().map(i -> id(i, "id")).toList();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
