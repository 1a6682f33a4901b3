package io.twd.testkit;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The system's trace store for tests: a Zipkin server ({@code io.zipkin:zipkin-server}, copied
 * by the build to {@code monitoring/target/zipkin/zipkin-server.jar}) on a free loopback port,
 * in memory, and the settings that make every server send its spans there
 * ({@link #serverEnvironment()}: MicroProfile Telemetry's {@code OTEL_*} variables).
 */
public final class TraceStore implements AutoCloseable {

    private final int port;
    private final Path dir;
    private final ManagedProcess process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * The most spans Zipkin keeps in memory (its {@code MEM_MAX_SPANS}; the oldest traces go first):
     * with its default, 500,000, the spans of a whole suite outgrew its heap and it stopped answering.
     */
    static final int MAX_SPANS = 20_000;

    /**
     * @param dir folder for its log (created)
     */
    public TraceStore(Path dir) {
        this.dir = dir;
        this.port = Ports.free();
        Path jar = TestEnvironment.root().resolve("monitoring/target/zipkin/zipkin-server.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run ./mvnw package -pl monitoring");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        this.process = new ManagedProcess("zipkin", List.of(java.toString(), "-Xms32m", "-Xmx192m",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(),
                "--armeria.ports[0].port=" + port, "--armeria.ports[0].ip=127.0.0.1",
                "--armeria.ports[0].protocols[0]=http"), Map.of("MEM_MAX_SPANS", String.valueOf(MAX_SPANS)), dir,
                dir.resolve("zipkin.log"));
    }

    /** Starts Zipkin; {@link #awaitReady} waits for it. */
    public synchronized void launch() {
        process.start();
    }

    /** @return true while Zipkin runs */
    public boolean isRunning() {
        return process.isAlive();
    }

    /**
     * @param timeout how long to wait
     * @throws IllegalStateException if Zipkin exits or does not answer {@code /health} in time
     */
    public void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            try {
                if (get("/health").statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("Zipkin exited:\n" + ManagedProcess.tailOf(dir.resolve("zipkin.log"), 40));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Zipkin not ready after " + timeout);
            }
            sleep();
        }
    }

    /**
     * @return the environment that makes a server trace and send its spans here: the
     *     OpenTelemetry SDK on, the Zipkin exporter to this store, metrics and logs not exported,
     *     spans sent every 500 ms ({@code OTEL_SERVICE_NAME} is the server's own, set by
     *     {@link LibertyServer})
     */
    public Map<String, String> serverEnvironment() {
        return Map.of("OTEL_SDK_DISABLED", "false",
                "OTEL_TRACES_EXPORTER", "zipkin",
                "OTEL_EXPORTER_ZIPKIN_ENDPOINT", "http://127.0.0.1:" + port + "/api/v2/spans",
                "OTEL_METRICS_EXPORTER", "none",
                "OTEL_LOGS_EXPORTER", "none",
                "OTEL_BSP_SCHEDULE_DELAY", "500");
    }

    /** @return Zipkin's base URL, e.g. {@code http://127.0.0.1:40411} */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /**
     * The spans of one trace, as Zipkin's API v2 gives them ({@code GET /api/v2/trace/{id}}).
     *
     * @param traceId 32 hex digits
     * @return its spans (JSON objects with {@code id}, {@code parentId}, {@code name},
     *     {@code kind}, {@code localEndpoint.serviceName}, {@code tags}); empty if Zipkin has none
     */
    public List<JsonObject> trace(String traceId) {
        try {
            HttpResponse<String> response = get("/api/v2/trace/" + traceId);
            List<JsonObject> spans = new ArrayList<>();
            if (response.statusCode() == 200) {
                try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
                    JsonArray array = reader.readArray();
                    array.forEach(span -> spans.add(span.asJsonObject()));
                }
            }
            return spans;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> get(String path) throws IOException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(5)).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Stops Zipkin. */
    @Override
    public void close() {
        process.terminate(Duration.ofSeconds(10));
    }
}
