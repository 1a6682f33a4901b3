package io.twd.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.twd.testkit.EventSender;
import io.twd.testkit.IdentityProvider;
import io.twd.testkit.Reconciliation;
import io.twd.testkit.TwdSystem;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.StringReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Crash drills under a bounded load: concurrent clients order their own pre-registered phones,
 * ship some and cancel some, while a server is killed (SIGKILL) and restarted. Afterwards
 * {@link Reconciliation} reads every service and must find the invariants of design §3 intact:
 * every order a client saw accepted exists exactly once everywhere, no phone that got an error
 * answer has an order anywhere, an order whose answer was lost is either complete or absent, and
 * nothing is on a dead-letter queue.
 */
@ExtendWith(SignedInSystem.class)
class CrashDrillIT {

    private static final int CLIENTS = 8;
    private static final int PHONES_PER_CLIENT = 11;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration LOAD_LIMIT = Duration.ofSeconds(240);
    private static final Duration CONVERGENCE = Duration.ofSeconds(60);
    private static final String MODEL = "galaxy_s21";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void start(TwdSystem system) {
        system.start("shop", "order", "delivery", "mypage");
        MailSink.startMessageServer(system);
        Ordering.warmUp(system.url("shop"), system.url("order"));
    }

    /** One drill's phones, clients and what they saw. */
    private static final class Drill {
        final String name;
        final TwdSystem system;
        final long firstShop = 700_000 + ThreadLocalRandom.current().nextLong(1_000_000) * 10;
        final List<List<Reconciliation.Phone>> phones = new ArrayList<>();
        final AtomicInteger attempted = new AtomicInteger();
        final ConcurrentLinkedQueue<Long> accepted = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Reconciliation.Phone> rejected = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Reconciliation.Phone> unknown = new ConcurrentLinkedQueue<>();
        final Map<Reconciliation.Phone, Integer> errors = new ConcurrentHashMap<>();
        /** How long each order answered with 503 took, in ms. */
        final ConcurrentLinkedQueue<Long> unavailableMillis = new ConcurrentLinkedQueue<>();
        final AtomicBoolean disturbing = new AtomicBoolean(true);
        /** Requests sent and not yet answered, now. */
        final AtomicInteger inFlight = new AtomicInteger();
        /** Requests in flight at the moment of the kill (-1 until then). */
        final AtomicInteger inFlightAtKill = new AtomicInteger(-1);
        final AtomicInteger shipped = new AtomicInteger();
        final AtomicInteger cancelled = new AtomicInteger();
        /** Ships and cancels that did not happen, and why (the state decides; reported, not hidden). */
        final ConcurrentLinkedQueue<String> notDone = new ConcurrentLinkedQueue<>();
        /** One signed-in customer per client. */
        final List<String> customers = new ArrayList<>();

        Drill(String name, TwdSystem system) {
            this.name = name;
            this.system = system;
            for (int c = 0; c < CLIENTS; c++) {
                customers.add(system.identity().newCustomer());
            }
        }

        long shopId(int client) {
            return firstShop + client;
        }

        String customer(int client) {
            return customers.get(client);
        }

        static String email(Reconciliation.Phone phone) {
            return "crash-" + phone.eqpSernum().toLowerCase() + "@example.com";
        }

        List<String> customers() {
            return List.copyOf(customers);
        }

        List<Long> shops() {
            List<Long> all = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                all.add(shopId(c));
            }
            return all;
        }

        void registerPhones() {
            for (int c = 0; c < CLIENTS; c++) {
                List<Reconciliation.Phone> mine = new ArrayList<>();
                for (int i = 0; i < PHONES_PER_CLIENT; i++) {
                    mine.add(new Reconciliation.Phone(shopId(c), Ordering.registerPhone(system.url("shop"), shopId(c), MODEL)));
                }
                phones.add(mine);
            }
        }

        /** Runs the clients; returns their futures. */
        List<Future<?>> load(ExecutorService pool, Duration pauseWhileDisturbing) {
            List<Future<?>> clients = new ArrayList<>();
            Instant deadline = Instant.now().plus(LOAD_LIMIT);
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(pool.submit(() -> {
                    int n = 0;
                    for (Reconciliation.Phone phone : phones.get(client)) {
                        if (Instant.now().isAfter(deadline)) {
                            break;
                        }
                        boolean ok = orderAndAct(client, phone, n++);
                        sleep(disturbing.get() ? (ok ? pauseWhileDisturbing.toMillis() : 4000) : 300);
                    }
                    return null;
                }));
            }
            return clients;
        }

        /** @return true if the order was accepted */
        boolean orderAndAct(int client, Reconciliation.Phone phone, int n) {
            attempted.incrementAndGet();
            String body = "{\"shopId\":" + phone.shopId() + ",\"eqpNm\":\"" + MODEL + "\",\"eqpSernum\":\""
                    + phone.eqpSernum() + "\",\"customerEmail\":\""
                    + email(phone) + "\"}";
            Instant giveUp = Instant.now().plusSeconds(30);
            HttpResponse<String> response;
            long sent;
            while (true) {
                sent = System.nanoTime();
                try {
                    response = send(() -> post(system, customer(client), system.url("order") + "/orders", body));
                } catch (ConnectException | HttpConnectTimeoutException notConnected) {
                    rejected.add(phone); // nothing was sent
                    return false;
                } catch (IOException lost) {
                    unknown.add(phone); // sent, no answer: the order may or may not exist
                    return false;
                }
                if (response.statusCode() == 422 && Instant.now().isBefore(giveUp)) {
                    sleep(300); // the order service has not heard of the phone yet
                    continue;
                }
                break;
            }
            if (response.statusCode() == 503) {
                unavailableMillis.add((System.nanoTime() - sent) / 1_000_000);
            }
            if (response.statusCode() == 500 && response.body().contains("outcome-unknown")) {
                unknown.add(phone); // the commit failed half way (e.g. the broker died): it may exist
                return false;
            }
            if (response.statusCode() != 201) {
                errors.put(phone, response.statusCode());
                rejected.add(phone);
                return false;
            }
            JsonObject placed = json(response.body());
            long orderId = placed.getJsonNumber("id").longValue();
            accepted.add(orderId);
            try {
                if (n % 3 == 0) {
                    long deliveryId = placed.getJsonNumber("deliveryId").longValue();
                    Instant until = Instant.now().plusSeconds(30);
                    int status = -1;
                    while (Instant.now().isBefore(until)) {
                        status = send(() -> post(system, IdentityProvider.STAFF,
                                system.url("delivery") + "/deliveries/" + deliveryId + "/start", "")).statusCode();
                        if (status != 409 && status != 503) {
                            break;
                        }
                        sleep(500);
                    }
                    if (status == 200) {
                        shipped.incrementAndGet();
                    } else {
                        notDone.add("ship of order " + orderId + ": " + status);
                    }
                } else if (n % 3 == 1) {
                    int status = send(() -> post(system, customer(client),
                            system.url("order") + "/orders/" + orderId + "/cancel", "")).statusCode();
                    if (status == 200) {
                        cancelled.incrementAndGet();
                    } else {
                        notDone.add("cancel of order " + orderId + ": " + status);
                    }
                }
            } catch (IOException e) {
                // shipping or cancelling may fail while a server is down: the state decides
                notDone.add("ship or cancel of order " + orderId + ": " + e);
            }
            return true;
        }

        /** Sorts the lost answers: an order found for the phone is checked like any other, else it was rejected. */
        int resolveUnknown() throws IOException {
            int existing = 0;
            for (Reconciliation.Phone phone : unknown) {
                int client = (int) (phone.shopId() - firstShop);
                HttpResponse<String> list = get(system, system.url("order") + "/orders?customerId=" + customer(client) + "&size=200");
                boolean exists = list.body().contains("\"" + phone.eqpSernum() + "\"");
                if (exists) {
                    existing++;
                } else {
                    rejected.add(phone);
                }
            }
            return existing;
        }

        List<String> reconcile(Reconciliation reconciliation) {
            return reconciliation.accepted(accepted).rejected(rejected).awaitConverged(CONVERGENCE);
        }

        /** Sends one request, counted as in flight until it is answered or fails. */
        HttpResponse<String> send(Request request) throws IOException {
            inFlight.incrementAndGet();
            try {
                return request.send();
            } finally {
                inFlight.decrementAndGet();
            }
        }

        void report(int unknownExisting, List<String> violations) {
            System.out.printf("[CrashDrill %s] orders attempted=%d accepted=%d rejected=%d unknown=%d"
                            + " (found existing=%d) violations=%d errors=%s%n", name, attempted.get(), accepted.size(),
                    rejected.size() - (unknown.size() - unknownExisting), unknown.size(), unknownExisting,
                    violations.size(), errors.values());
            System.out.printf("[CrashDrill %s] shipped=%d cancelled=%d in flight at the kill=%d; not done: %s%n", name,
                    shipped.get(), cancelled.get(), inFlightAtKill.get(), notDone);
            violations.forEach(v -> System.out.println("[CrashDrill " + name + "] violation: " + v));
        }

        Reconciliation reconciliation() {
            return new Reconciliation(system).customers(customers()).shops(shops()).ignoreCurrentDeadLetters();
        }
    }

    /** What a drill does to the system while the clients order. */
    @FunctionalInterface
    private interface Disturbance {
        void run(Drill drill) throws Exception;
    }

    /** One HTTP exchange of a client. */
    @FunctionalInterface
    private interface Request {
        HttpResponse<String> send() throws IOException;
    }

    /**
     * Registers the drill's phones, runs the clients while {@code disturbance} runs, restarts
     * whatever is still down, and reconciles.
     *
     * @return the violations found (the drill's figures are printed)
     */
    private static List<String> underLoad(TwdSystem system, Drill drill, Duration pauseWhileDisturbing,
                                          Disturbance disturbance) throws Exception {
        drill.registerPhones();
        Reconciliation reconciliation = drill.reconciliation();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> clients = drill.load(pool, pauseWhileDisturbing);
            disturbance.run(drill);
            drill.disturbing.set(false);
            for (Future<?> client : clients) {
                client.get(LOAD_LIMIT.toSeconds() + 60, TimeUnit.SECONDS);
            }
        } finally {
            drill.disturbing.set(false);
            pool.shutdownNow();
            system.start(TwdSystem.SERVICES.toArray(String[]::new));
        }
        int unknownExisting = drill.resolveUnknown();
        List<String> violations = drill.reconcile(reconciliation);
        drill.report(unknownExisting, violations);
        assertThat(drill.accepted).isNotEmpty();
        // the drill exercised what it claims: orders shipped and cancelled around the disturbance
        assertThat(drill.shipped.get()).as("orders shipped in drill " + drill.name).isPositive();
        assertThat(drill.cancelled.get()).as("orders cancelled in drill " + drill.name).isPositive();
        return violations;
    }

    /**
     * Once a third of the orders were attempted, at a moment when requests are in flight: kill -9
     * the service's server, leave it down, restart it.
     */
    private static Disturbance killed(TwdSystem system, String service, long downMillis) {
        return drill -> {
            killWhileBusy(drill, () -> system.server(service).kill());
            sleep(downMillis);
            system.start(service);
        };
    }

    /** Waits for a third of the load and for a request in flight (asserting both), then kills. */
    private static void killWhileBusy(Drill drill, Runnable kill) {
        awaitAttempts(drill, 28, Duration.ofSeconds(60));
        assertThat(drill.attempted.get()).as("orders attempted before the kill in drill " + drill.name)
                .isGreaterThanOrEqualTo(28);
        Instant until = Instant.now().plusSeconds(10);
        while (drill.inFlight.get() == 0 && Instant.now().isBefore(until)) {
            java.util.concurrent.locks.LockSupport.parkNanos(200_000);
        }
        int inFlight = drill.inFlight.get();
        kill.run();
        drill.inFlightAtKill.set(inFlight);
        assertThat(inFlight).as("requests in flight when drill " + drill.name + " killed").isPositive();
    }

    @Test
    void orderServerKilledUnderLoad(TwdSystem system) throws Exception {
        Drill drill = new Drill("A", system);
        List<String> violations = underLoad(system, drill, Duration.ofMillis(500), killed(system, "order", 1000));
        assertThat(violations).isEmpty();
    }

    @Test
    void deliveryServerKilledUnderLoad(TwdSystem system) throws Exception {
        Drill drill = new Drill("C", system);
        List<String> violations = underLoad(system, drill, Duration.ofMillis(500), killed(system, "delivery", 5000));
        long slowest = drill.unavailableMillis.stream().mapToLong(Long::longValue).max().orElse(-1);
        System.out.printf("[CrashDrill C] 503 answers=%d, slowest %d ms%n", drill.unavailableMillis.size(), slowest);
        assertThat(violations).isEmpty();
        // the outage was seen, and answered fast: well before the clients' 10 s timeout
        assertThat(drill.unavailableMillis).isNotEmpty();
        assertThat(slowest).isLessThan(5000);
    }

    @Test
    void brokerKilledUnderLoad(TwdSystem system) throws Exception {
        Drill drill = new Drill("D", system);
        List<String> violations = underLoad(system, drill, Duration.ofMillis(500), d -> {
            killWhileBusy(d, () -> system.broker().kill());
            sleep(3000);
            system.broker().start();
        });
        assertThat(violations).isEmpty();
        // no transaction the broker prepared stays in doubt once the servers have recovered
        List<String> prepared;
        Instant until = Instant.now().plusSeconds(60);
        try (EventSender broker = new EventSender(system.broker().connectionFactory())) {
            while (!(prepared = broker.preparedTransactions()).isEmpty() && Instant.now().isBefore(until)) {
                sleep(1000);
            }
        }
        System.out.println("[CrashDrill D] prepared transactions left on the broker: " + prepared.size());
        assertThat(prepared).isEmpty();
    }

    @Test
    void consumersKilledInTurnUnderLoad(TwdSystem system) throws Exception {
        Drill drill = new Drill("B", system);
        List<String> violations = underLoad(system, drill, Duration.ofSeconds(8), d -> {
            for (String consumer : List.of("shop", "message", "mypage")) {
                sleep(3000);
                system.server(consumer).kill();
                sleep(1000);
                system.start(consumer);
            }
        });
        assertThat(violations).isEmpty();
        // one e-mail per notification: every status change reached the inbox, as one message each. The
        // sender is at least once towards SMTP: a message server killed after the SMTP server took an
        // e-mail and before it recorded SENT sends it again, with the same Message-ID (reported, allowed)
        List<String> mail = new ArrayList<>();
        List<String> copies = new ArrayList<>();
        Instant until = Instant.now().plusSeconds(60);
        do {
            mail.clear();
            copies.clear();
            for (List<Reconciliation.Phone> mine : drill.phones) {
                for (Reconciliation.Phone phone : mine) {
                    List<MimeMessage> received = MailSink.to(Drill.email(phone));
                    Set<String> distinct = new HashSet<>();
                    for (MimeMessage message : received) {
                        if (!distinct.add(message.getMessageID())) {
                            copies.add(phone + ": " + message.getMessageID());
                        }
                    }
                    int notified = notificationsFor(system, drill, phone);
                    if (distinct.size() != notified) {
                        mail.add(phone + ": " + distinct.size() + " distinct e-mails for " + notified + " notifications");
                    }
                }
            }
            if (!mail.isEmpty()) {
                sleep(2000);
            }
        } while (!mail.isEmpty() && Instant.now().isBefore(until));
        System.out.println("[CrashDrill B] e-mail mismatches=" + mail.size() + " " + mail
                + "; copies sent again after the kill of the message server=" + copies.size() + " " + copies);
        assertThat(mail).isEmpty();
    }

    private static int notificationsFor(TwdSystem system, Drill drill, Reconciliation.Phone phone) throws IOException {
        int client = (int) (phone.shopId() - drill.firstShop);
        JsonObject page = json(get(system, system.url("message") + "/messages?customerId=" + drill.customer(client)
                + "&size=200").body());
        return (int) page.getJsonArray("items").stream().map(v -> v.asJsonObject())
                .filter(n -> Drill.email(phone).equalsIgnoreCase(n.getString("recipient", "")))
                .count();
    }

    private static void awaitAttempts(Drill drill, int attempts, Duration atMost) {
        Instant until = Instant.now().plus(atMost);
        while (drill.attempted.get() < attempts && Instant.now().isBefore(until)) {
            sleep(100);
        }
    }

    private static HttpResponse<String> post(TwdSystem system, String user, String url, String body)
            throws IOException {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", system.identity().authorization(user))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** GET as staff, who may read every customer's data. */
    private static HttpResponse<String> get(TwdSystem system, String url) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", system.identity().authorization(IdentityProvider.STAFF)).GET().build());
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static JsonObject json(String body) {
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            return reader.readObject();
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
