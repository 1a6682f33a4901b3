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
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * the other while clients order (and cancel some) through the gateway. Each server is first
 * taken out of the gateway's rotation (graceful reload), then stopped gracefully (Liberty
 * finishes what it has in flight), started, warmed with one order and put back once ready. Every request must
 * succeed, each order exists once (a POST is never sent twice), and {@link Reconciliation}
 * finds the invariants intact.
 *
 * <p>Two servers of one service share its database, which the embedded Derby of the default
 * run cannot: this drill runs in the PostgreSQL suite ({@code -Ppostgresql}, part of CI).
 */
@ExtendWith(SignedInSystem.class)
class RollingRestartIT {

    private static final int CLIENTS = 8;
    private static final String MODEL = "galaxy_s21";
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
                for (int i = 0; i < 40; i++) {
                    mine.add(Ordering.registerPhone(system.url("shop"), firstShop + c, MODEL));
                }
                phones.add(mine);
            }
            Reconciliation reconciliation = new Reconciliation(system).customers(customers).shops(shops)
                    .ignoreCurrentDeadLetters(); // earlier test classes dead-letter poison messages on purpose
            ConcurrentLinkedQueue<Long> accepted = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            AtomicBoolean restarting = new AtomicBoolean(true);
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(pool.submit(() -> {
                    int n = 0;
                    // order phones until the restarts are over (and at least a few each)
                    for (String sernum : phones.get(client)) {
                        if (!restarting.get() && n >= 4) {
                            break;
                        }
                        order(gateway.url(), shops.get(client), sernum,
                                system.identity().authorization(customers.get(client)), n++, accepted, failures);
                        sleep(150);
                    }
                    return null;
                }));
            }
            try {
                for (LibertyServer server : List.of(first, second)) {
                    LibertyServer other = server == first ? second : first;
                    gateway.route("order", List.of(other.httpPort()));
                    sleep(1500); // the old nginx workers finish the requests they had sent to it
                    server.stop();
                    server.start(TwdSystem.READY_TIMEOUT);
                    // one order placed on it directly first: a freshly started JVM's first
                    // delivery call can exceed the 2 s timeout while its code is still cold
                    Ordering.warmUp(system.url("shop"), server.baseUrl());
                    gateway.route("order", List.of(first.httpPort(), second.httpPort()));
                    sleep(2000);
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
            List<String> violations = reconciliation.accepted(accepted).awaitConverged(Duration.ofSeconds(60));
            System.out.printf("[RollingRestart] orders accepted=%d failed requests=%d violations=%d%n",
                    accepted.size(), failures.size(), violations.size());
            failures.forEach(f -> System.out.println("[RollingRestart] failed: " + f));
            violations.forEach(v -> System.out.println("[RollingRestart] violation: " + v));
            assertThat(accepted).hasSizeGreaterThan(CLIENTS * 4);
            assertThat(failures).isEmpty();
            assertThat(violations).isEmpty();
        }
    }

    /**
     * Places one order through the gateway (once: never repeated) and cancels every third, as
     * the customer whose {@code Authorization} header is given.
     */
    private static void order(String gateway, long shopId, String sernum, String authorization, int n,
                              ConcurrentLinkedQueue<Long> accepted, ConcurrentLinkedQueue<String> failures) {
        String body = "{\"shopId\":" + shopId + ",\"eqpNm\":\"" + MODEL + "\",\"eqpSernum\":\"" + sernum + "\"}";
        try {
            HttpResponse<String> placed = post(authorization, gateway + "/orders", body);
            for (int tries = 0; placed.statusCode() == 422 && tries < 100; tries++) {
                sleep(300); // the order service has not heard of the phone yet: nothing was created
                placed = post(authorization, gateway + "/orders", body);
            }
            if (placed.statusCode() != 201) {
                failures.add("POST /orders " + sernum + ": " + placed.statusCode() + " " + placed.body());
                return;
            }
            long orderId;
            try (JsonReader reader = Json.createReader(new StringReader(placed.body()))) {
                orderId = reader.readObject().getJsonNumber("id").longValue();
            }
            accepted.add(orderId);
            if (n % 3 == 2) {
                HttpResponse<String> cancelled = post(authorization, gateway + "/orders/" + orderId + "/cancel", "");
                if (cancelled.statusCode() != 200) {
                    failures.add("POST /orders/" + orderId + "/cancel: " + cancelled.statusCode() + " " + cancelled.body());
                }
            }
        } catch (IOException e) {
            failures.add(sernum + ": " + e);
        }
    }

    private static HttpResponse<String> post(String authorization, String url, String body) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15))
                .header("Authorization", authorization)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
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
