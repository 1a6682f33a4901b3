package io.twd.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.twd.testkit.Gateway;
import io.twd.testkit.PathSpellings;
import io.twd.testkit.TestEnvironment;
import io.twd.testkit.TwdSystem;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway on its own (gateway/nginx.conf.template, the real nginx), in front of a recording
 * stand-in for every service, with the limits ./twd and the image use by default
 * (gateway/limits.env): what it lets through, what it refuses and what the services get to see.
 * <ul>
 *   <li>the order service's internal /deliveries/requests is refused (404) in every spelling, and
 *       no request reaches a service; delivery's public paths pass, as nginx normalised them;</li>
 *   <li>the services see the upstream's name as Host, never the client's; the Location they answer
 *       becomes a path of the gateway; X-Forwarded-For is the address nginx saw, never what a client
 *       sent, and Forwarded, X-Forwarded-Host, X-Real-IP from a client are dropped; behind a trusted
 *       proxy, the client is the one its X-Forwarded-For names; no nginx version is shown;</li>
 *   <li>writes per client: a burst of GATEWAY_WRITE_BURST, then 429 with Retry-After and a problem
 *       body, reads unaffected, writes again a second later; live streams per client:
 *       GATEWAY_STREAMS_PER_CLIENT, then 429 with Retry-After and a problem body.</li>
 * </ul>
 */
class GatewayIT {

    private static final Gateway.Limits LIMITS = Gateway.Limits.defaults();

    private static HttpServer services;
    private static final List<Seen> SEEN = new CopyOnWriteArrayList<>();
    private static Gateway gateway;
    private static int port;

    /** A request a service received: method, raw path and query, and its headers (lower-case names). */
    record Seen(String method, String target, Map<String, String> headers) {
    }

    @BeforeAll
    static void start() throws IOException {
        services = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        services.setExecutor(Executors.newFixedThreadPool(2 * LIMITS.streamsPerClient() + 8));
        services.createContext("/", GatewayIT::answer);
        services.start();
        Map<String, List<Integer>> routes = new LinkedHashMap<>();
        for (String service : TwdSystem.SERVICES) {
            routes.put(service, List.of(services.getAddress().getPort()));
        }
        gateway = new Gateway(TestEnvironment.workDir("gateway-limits"), routes, LIMITS);
        gateway.start();
        port = URI.create(gateway.url()).getPort();
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (services != null) {
            services.stop(0);
        }
    }

    @BeforeEach
    void forget() throws InterruptedException {
        // a burst's worth of writes is allowed again after burst / rate seconds
        Thread.sleep(1000L * (LIMITS.writeBurst() / LIMITS.writeRate() + 1));
        SEEN.clear();
    }

    /** The stand-in service: records the request; a live stream stays open until the client goes. */
    private static void answer(HttpExchange exchange) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
        SEEN.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers));
        exchange.getRequestBody().readAllBytes();
        if (exchange.getRequestURI().getPath().endsWith("/events")) {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 600; i++) {
                    out.write(": beat\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException gone) {
                // the client (the gateway) closed the stream
            }
            return;
        }
        byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        // as Liberty builds it: from the Host the request carried
        exchange.getResponseHeaders().add("Location", "http://" + headers.get("host") + "/orders/7");
        exchange.sendResponseHeaders(exchange.getRequestMethod().equals("POST") ? 201 : 200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    /** An HTTP answer: status line's code, headers (lower-case names), body. */
    record Answer(int status, Map<String, String> headers, String body) {
    }

    /**
     * Sends one request over a socket of its own, the path exactly as given (no client library
     * normalises it first), and reads the whole answer.
     */
    private static Answer send(String method, String path, Map<String, String> headers) throws IOException {
        return send(port, method, path, headers);
    }

    private static Answer send(int gatewayPort, String method, String path, Map<String, String> headers)
            throws IOException {
        try (Socket socket = new Socket("127.0.0.1", gatewayPort)) {
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
            Map<String, String> all = new LinkedHashMap<>();
            all.put("Host", "127.0.0.1:" + gatewayPort);
            all.putAll(headers);
            all.put("Connection", "close");
            all.put("Content-Length", method.equals("GET") ? "0" : "2");
            all.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
            request.append("\r\n").append(method.equals("GET") ? "" : "{}");
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            int status = Integer.parseInt(in.readLine().split(" ")[1]);
            Map<String, String> answerHeaders = new LinkedHashMap<>();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                answerHeaders.put(line.substring(0, line.indexOf(':')).toLowerCase(Locale.ROOT),
                        line.substring(line.indexOf(':') + 1).strip());
            }
            StringBuilder body = new StringBuilder();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                body.append(line);
            }
            return new Answer(status, answerHeaders, body.toString());
        }
    }

    private static Answer send(String method, String path) throws IOException {
        return send(method, path, Map.of());
    }

    @Test
    void theInternalRequestApiIsRefusedInEverySpellingAndReachesNoService() throws IOException {
        for (String path : PathSpellings.INTERNAL_REQUEST_API) {
            for (String method : List.of("POST", "GET")) {
                Answer answer = send(method, path);
                assertThat(answer.status()).as(method + " " + path).isIn(400, 404);
                if (answer.status() == 404) {
                    assertThat(answer.headers().get("content-type")).isEqualTo("application/problem+json");
                }
            }
        }
        assertThat(SEEN).as("requests that reached a service").isEmpty();
        // delivery's public paths pass, as nginx normalised them
        assertThat(send("POST", "/deliveries/1/../12/start").status()).isEqualTo(201);
        assertThat(send("GET", "/deliveries/%31%32").status()).isEqualTo(200);
        assertThat(send("GET", "/deliveries?orderId=12&size=2").status()).isEqualTo(200);
        assertThat(SEEN).extracting(Seen::target)
                .containsExactly("/deliveries/12/start", "/deliveries/12", "/deliveries?orderId=12&size=2");
    }

    @Test
    void theServicesSeeWhatTheGatewaySawNotWhatAClientClaims() throws IOException {
        Answer placed = send("POST", "/orders", Map.of("Host", "evil.example", "X-Forwarded-For", "6.6.6.6",
                "Forwarded", "for=6.6.6.6;host=evil.example", "X-Forwarded-Host", "evil.example",
                "X-Forwarded-Proto", "https", "X-Real-IP", "6.6.6.6"));
        assertThat(placed.status()).isEqualTo(201);
        assertThat(placed.headers().get("location")).as("a path of the gateway, no host a client chose")
                .isEqualTo("/orders/7");
        assertThat(placed.headers().get("server")).as("no version").isEqualTo("nginx");
        Seen seen = SEEN.get(0);
        assertThat(seen.headers()).containsEntry("host", "order").containsEntry("x-forwarded-for", "127.0.0.1")
                .containsEntry("x-forwarded-proto", "http")
                .doesNotContainKeys("forwarded", "x-forwarded-host", "x-real-ip");
        Answer notFound = send("GET", "/nothing-here");
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.body()).doesNotContain("nginx/");
    }

    @Test
    void behindATrustedProxyTheClientIsWhomItsForwardedForNames() throws Exception {
        Map<String, List<Integer>> routes = new LinkedHashMap<>();
        for (String service : TwdSystem.SERVICES) {
            routes.put(service, List.of(services.getAddress().getPort()));
        }
        try (Gateway behind = new Gateway(TestEnvironment.workDir("gateway-behind-proxy"), routes, LIMITS)
                .trusting("127.0.0.1")) {
            behind.start();
            int behindPort = URI.create(behind.url()).getPort();
            List<Integer> statuses = writesAtOnce(LIMITS.writeBurst() + 4 * LIMITS.writeRate() + 10, n -> {
                try {
                    return post(behindPort, "9.9.9.9, 1.2.3.4");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertThat(statuses).as("client 1.2.3.4 over its limit").contains(429);
            assertThat(post(behindPort, "5.6.7.8")).as("another client behind the same proxy").isEqualTo(201);
            assertThat(SEEN).extracting(s -> s.headers().get("x-forwarded-for")).contains("1.2.3.4", "5.6.7.8")
                    .doesNotContain("9.9.9.9, 1.2.3.4", "127.0.0.1");
        }
    }

    private static int post(int gatewayPort, String forwardedFor) throws IOException {
        return send(gatewayPort, "POST", "/orders", Map.of("X-Forwarded-For", forwardedFor)).status();
    }

    /**
     * Sends writes of one client at once (20 at a time) and returns their statuses; checks that no
     * more were let through than the burst and the rate allow in the time they took.
     */
    private static List<Integer> writesAtOnce(int count, java.util.function.IntFunction<Integer> write) throws Exception {
        java.util.concurrent.ExecutorService clients = Executors.newFixedThreadPool(20);
        long began = System.nanoTime();
        List<java.util.concurrent.Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = i;
            answers.add(clients.submit(() -> write.apply(n)));
        }
        List<Integer> statuses = new ArrayList<>();
        for (java.util.concurrent.Future<Integer> answer : answers) {
            statuses.add(answer.get());
        }
        clients.shutdown();
        double seconds = (System.nanoTime() - began) / 1e9;
        long accepted = statuses.stream().filter(status -> status < 300).count();
        assertThat(accepted).as("writes let through in %.1f s: %s", seconds, statuses)
                .isGreaterThanOrEqualTo(LIMITS.writeBurst())
                .isLessThanOrEqualTo(LIMITS.writeBurst() + 1 + (long) Math.ceil(seconds * LIMITS.writeRate()));
        return statuses;
    }

    @Test
    void aClientsWritesAreLimitedWith429AndRetryAfterItsReadsAreNot() throws Exception {
        List<Integer> statuses = writesAtOnce(LIMITS.writeBurst() + 4 * LIMITS.writeRate() + 10, n -> {
            try {
                return send(n % 2 == 0 ? "POST" : "DELETE", "/orders/" + (n + 1)).status();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(statuses).as("beyond the burst").contains(429).containsOnly(201, 200, 429);
        Answer refused = send("POST", "/shops");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.headers()).containsEntry("retry-after", "1").containsEntry("content-type", "application/problem+json");
        assertThat(refused.body()).contains("\"type\":\"urn:twd:problem:too-many-requests\"").contains("\"status\":429");
        int reached = SEEN.size();
        for (int i = 0; i < 30; i++) {
            assertThat(send("GET", "/orders").status()).as("reads are not limited").isEqualTo(200);
        }
        assertThat(SEEN).hasSize(reached + 30);
        Thread.sleep(Duration.ofSeconds(1).toMillis());
        assertThat(send("POST", "/orders").status()).as("a second later").isEqualTo(201);
    }

    @Test
    void aClientsLiveStreamsAreLimitedWith429AndRetryAfter() throws Exception {
        List<Socket> streams = new ArrayList<>();
        try {
            for (int i = 0; i < LIMITS.streamsPerClient(); i++) {
                Socket stream = new Socket("127.0.0.1", port);
                stream.getOutputStream().write(("GET /mypages/" + (i + 1) + "/events HTTP/1.1\r\nHost: x\r\n"
                        + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                BufferedReader in = new BufferedReader(new InputStreamReader(stream.getInputStream(), StandardCharsets.UTF_8));
                assertThat(in.readLine()).as("stream " + (i + 1)).contains(" 200 ");
                streams.add(stream);
            }
            Answer refused = send("GET", "/mypages/99/events");
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.headers()).containsEntry("retry-after", "10")
                    .containsEntry("content-type", "application/problem+json");
            assertThat(refused.body()).contains("\"type\":\"urn:twd:problem:too-many-streams\"");
            assertThat(send("GET", "/mypages/99").status()).as("other reads").isEqualTo(200);
            streams.remove(0).close();
            Thread.sleep(500);
            try (Socket another = new Socket("127.0.0.1", port)) {
                another.getOutputStream().write("GET /mypages/100/events HTTP/1.1\r\nHost: x\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                assertThat(new BufferedReader(new InputStreamReader(another.getInputStream(), StandardCharsets.UTF_8))
                        .readLine()).as("once one stream ended").contains(" 200 ");
            }
        } finally {
            for (Socket stream : streams) {
                stream.close();
            }
        }
    }
}
