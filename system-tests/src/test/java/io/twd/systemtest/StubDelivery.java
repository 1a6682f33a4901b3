package io.twd.systemtest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the delivery service's internal request API on a free loopback port, for the
 * tests of the order service's fault tolerance: {@code POST /deliveries/requests} with a token
 * gets the status and body set by {@link #answer} (counted), without a token 401 (as delivery
 * answers the order service's warm-up); a discard ({@code POST /deliveries/requests/{id}/discard})
 * 204. Anything else 404.
 */
final class StubDelivery implements AutoCloseable {

    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile int status = 503;
    private volatile String body = "";

    private StubDelivery(HttpServer server) {
        this.server = server;
    }

    /** @return a running stub */
    static StubDelivery start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        StubDelivery stub = new StubDelivery(server);
        server.createContext("/deliveries/requests", stub::handle);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
        return stub;
    }

    /** @return its base URL, for {@code DELIVERY_URL} */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * @param status the status of the answers to delivery requests from now on
     * @param body   their body: a problem document ({@code application/problem+json}) if it starts with {@code {}
     */
    void answer(int status, String body) {
        this.status = status;
        this.body = body;
    }

    /** @return delivery requests with a token received so far */
    int requests() {
        return requests.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(404, -1);
            } else if (path.endsWith("/discard")) {
                exchange.sendResponseHeaders(204, -1);
            } else if (!path.equals("/deliveries/requests")) {
                exchange.sendResponseHeaders(404, -1);
            } else if (exchange.getRequestHeaders().getFirst("Authorization") == null) {
                exchange.sendResponseHeaders(401, -1);
            } else {
                requests.incrementAndGet();
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type",
                        body.startsWith("{") ? "application/problem+json" : "text/plain");
                exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
                if (bytes.length > 0) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(bytes);
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
