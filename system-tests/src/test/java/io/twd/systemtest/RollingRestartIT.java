package io.twd.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.twd.testkit.Gateway;
import io.twd.testkit.LibertyServer;
import io.twd.testkit.Reconciliation;
import io.twd.testkit.TestEnvironment;
import io.twd.testkit.TwdSystem;
import jakarta.json.Json;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Rolling restart: two order servers behind the project's nginx gateway, restarted one after
 * the other while clients order and cancel through the gateway. Each server is first taken out
 * of the gateway's rotation (graceful reload), then stopped gracefully (Liberty finishes what it
 * has in flight), started, warmed with one order and put back once ready. The load stays on
 * until the last server is back: each client cycles through its phones, cancelling each order
 * right after it was placed, which makes the phone orderable again. Every phase of every
 * restart (out of rotation and stopping, starting, back in rotation) must have had requests in
 * flight; every request must succeed, each order exists once, and {@link Reconciliation} finds the
 * invariants intact.
 *
 * <p>The clients behave as HTTP clients should: a request that got no byte of an answer (nginx's
 * graceful reload closes the kept-alive connections that are idle, and a request sent on one at
 * that moment is never read) is sent once more, the order with its {@code Idempotency-Key}, the
 * cancel as it is (cancelling a cancelled order changes nothing). Such repeats are counted; there
 * can be at most one per client and reload, and a repeat that fails too is a failure.
 *
 * <p>Two servers of one service share its database, which the embedded Derby of the default
 * run cannot: this drill runs in the PostgreSQL suite ({@code -Ppostgresql}, part of CI).
 */
@ExtendWith(SignedInSystem.class)
class RollingRestartIT {

    private static final int CLIENTS = 8;
    private static final int PHONES_PER_CLIENT = 12;
    /**
     * Pause of each client between two orders (ms). The load must leave room for a server to
     * start: with 150 ms the 2-core machine ran at a load average of 19 and the restarted server
     * took 212 s to start, 238 s to be ready.
     */
    private static final long PACING_MS = 1_000;
    private static final String MODEL = "galaxy_s21";
    /** Graceful reloads of the gateway in the drill: two per restarted server. */
    private static final int RELOADS = 4;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void twoOrderServersRestartedOneAfterTheOtherUnderLoad(TwdSystem system) throws Exception {
        assumeTrue(TwdSystem.onPostgresql(), "two order servers need a shared database: PostgreSQL suite");
        system.start(TwdSystem.SERVICES.toArray(String[]::new));
        Ordering.warmUp(system.url("shop"), system.url("order"));
        LibertyServer first = system.server("order");
        LibertyServer second = system.replica("order", 2);
        second.start(TwdSystem.READY_TIMEOUT);
        Map<String, List<Integer>> routes = new LinkedHashMap<>();
        for (String service : TwdSystem.SERVICES) {
            routes.put(service, List.of(system.server(service).httpPort()));
        }
        routes.put("order", List.of(first.httpPort(), second.httpPort()));
        long firstShop = 900_000 + ThreadLocalRandom.current().nextLong(1_000_000) * 10;
        try (Gateway gateway = new Gateway(TestEnvironment.workDir("rolling-gateway"), routes)) {
            gateway.start();
            List<String> customers = new ArrayList<>();
            List<Long> shops = new ArrayList<>();
            List<List<String>> phones = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                customers.add(system.identity().newCustomer());
                shops.add(firstShop + c);
                List<String> mine = new ArrayList<>();
                for (int i = 0; i < PHONES_PER_CLIENT; i++) {
                    mine.add(Ordering.registerPhone(system.url("shop"), firstShop + c, MODEL));
                }
                phones.add(mine);
            }
            Reconciliation reconciliation = new Reconciliation(system).customers(customers).shops(shops)
                    .ignoreCurrentDeadLetters(); // earlier test classes dead-letter poison messages on purpose
            ConcurrentLinkedQueue<Long> accepted = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<long[]> requests = new ConcurrentLinkedQueue<>(); // {start, end} in ns
            ConcurrentLinkedQueue<String> repeats = new ConcurrentLinkedQueue<>();
            Record record = new Record(accepted, failures, requests, repeats);
            List<Phase> phases = new ArrayList<>();
            AtomicBoolean restarting = new AtomicBoolean(true);
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(pool.submit(() -> {
                    List<String> mine = phones.get(client);
                    // order (and cancel, freeing the phone) until the restarts are over
                    for (int n = 0; restarting.get() || n < PHONES_PER_CLIENT; n++) {
                        order(gateway.url(), shops.get(client), mine.get(n % mine.size()),
                                system.identity().authorization(customers.get(client)), record);
                        sleep(PACING_MS);
                    }
                    return null;
                }));
            }
            try {
                for (LibertyServer server : List.of(first, second)) {
                    LibertyServer other = server == first ? second : first;
                    String name = server == first ? "first" : "second";
                    long out = System.nanoTime();
                    gateway.route("order", List.of(other.httpPort()));
                    sleep(1500); // the old nginx workers finish the requests they had sent to it
                    server.stop();
                    long stopped = System.nanoTime();
                    phases.add(new Phase(name + " server out of rotation and stopping", out, stopped));
                    server.start(TwdSystem.READY_TIMEOUT);
                    long ready = System.nanoTime();
                    phases.add(new Phase(name + " server starting", stopped, ready));
                    // one order placed on it directly first: a freshly started JVM's first
                    // delivery call can exceed the 2 s timeout while its code is still cold
                    Ordering.warmUp(system.url("shop"), server.baseUrl());
                    gateway.route("order", List.of(first.httpPort(), second.httpPort()));
                    long back = System.nanoTime();
                    sleep(3000);
                    phases.add(new Phase(name + " server back in rotation", back, System.nanoTime()));
                }
                restarting.set(false);
                for (Future<?> client : clients) {
                    client.get(5, TimeUnit.MINUTES);
                }
            } finally {
                restarting.set(false);
                pool.shutdownNow();
                second.stop();
            }
            for (Phase phase : phases) {
                long inFlight = requests.stream().filter(r -> r[0] < phase.end() && r[1] > phase.start()).count();
                System.out.printf("[RollingRestart] %s: %.1f s, %d requests in flight%n",
                        phase.name(), (phase.end() - phase.start()) / 1e9, inFlight);
                assertThat(inFlight).as("requests in flight while the %s", phase.name()).isPositive();
            }
            List<String> violations = reconciliation.accepted(accepted).awaitConverged(Duration.ofSeconds(60));
            System.out.printf("[RollingRestart] orders accepted=%d failed requests=%d repeated=%d violations=%d%n",
                    accepted.size(), failures.size(), repeats.size(), violations.size());
            failures.forEach(f -> System.out.println("[RollingRestart] failed: " + f));
            repeats.forEach(r -> System.out.println("[RollingRestart] repeated after no answer: " + r));
            violations.forEach(v -> System.out.println("[RollingRestart] violation: " + v));
            assertThat(accepted).hasSizeGreaterThanOrEqualTo(CLIENTS * PHONES_PER_CLIENT);
            assertThat(failures).isEmpty();
            assertThat(repeats).as("requests repeated after no answer (at most one per client and reload)")
                    .hasSizeLessThanOrEqualTo(CLIENTS * RELOADS);
            assertThat(violations).isEmpty();
        }
    }

    /**
     * Places one order through the gateway and cancels it, as the customer whose
     * {@code Authorization} header is given, recording each request's start and end. The order
     * carries an {@code Idempotency-Key}, so that a request that got no answer may be sent again.
     */
    private static void order(String gateway, long shopId, String sernum, String authorization, Record record) {
        String body = "{\"shopId\":" + shopId + ",\"eqpNm\":\"" + MODEL + "\",\"eqpSernum\":\"" + sernum + "\"}";
        String idempotencyKey = UUID.randomUUID().toString();
        try {
            HttpResponse<String> placed = post(authorization, gateway + "/orders", body, idempotencyKey, record);
            for (int tries = 0; placed.statusCode() == 422 && tries < 100; tries++) {
                sleep(300); // the order service has not heard of the phone yet: nothing was created
                placed = post(authorization, gateway + "/orders", body, idempotencyKey, record);
            }
            if (placed.statusCode() != 201) {
                record.failures().add("POST /orders " + sernum + ": " + placed.statusCode() + " " + placed.body());
                return;
            }
            long orderId;
            try (JsonReader reader = Json.createReader(new StringReader(placed.body()))) {
                orderId = reader.readObject().getJsonNumber("id").longValue();
            }
            record.accepted().add(orderId);
            HttpResponse<String> cancelled = post(authorization, gateway + "/orders/" + orderId + "/cancel", "",
                    null, record);
            if (cancelled.statusCode() != 200) {
                record.failures().add("POST /orders/" + orderId + "/cancel: " + cancelled.statusCode() + " "
                        + cancelled.body());
            }
        } catch (IOException e) {
            record.failures().add(sernum + ": " + e);
        }
    }

    /**
     * What the clients record.
     *
     * @param accepted the ids of the orders placed
     * @param failures one line per request that did not get its expected answer
     * @param requests {start, end} of every request sent (System.nanoTime)
     * @param repeats  one line per request sent again after it got no answer
     */
    private record Record(ConcurrentLinkedQueue<Long> accepted, ConcurrentLinkedQueue<String> failures,
                          ConcurrentLinkedQueue<long[]> requests, ConcurrentLinkedQueue<String> repeats) {
    }

    /** A stretch of the drill, from {@code start} to {@code end} (System.nanoTime). */
    private record Phase(String name, long start, long end) {
    }

    /**
     * Sends a POST; one that got no byte of an answer (not a timeout) is sent once more, and
     * recorded as repeated. @param idempotencyKey the order's key, or null for none
     */
    private static HttpResponse<String> post(String authorization, String url, String body, String idempotencyKey,
                                             Record record) throws IOException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15))
                .header("Authorization", authorization)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            builder.header("Idempotency-Key", idempotencyKey);
        }
        HttpRequest request = builder.build();
        try {
            return send(request, record);
        } catch (HttpTimeoutException e) {
            throw e;
        } catch (IOException e) {
            record.repeats().add("POST " + URI.create(url).getPath() + ": " + e);
            return send(request, record);
        }
    }

    private static HttpResponse<String> send(HttpRequest request, Record record) throws IOException {
        long start = System.nanoTime();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            record.requests().add(new long[] {start, System.nanoTime()});
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
