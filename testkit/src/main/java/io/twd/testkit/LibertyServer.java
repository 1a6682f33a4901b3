package io.twd.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service's Liberty server (as the build created it in the shared runtime) run as a
 * process with its own output folder, so its logs, Derby database and transaction log are
 * separate from any server {@code ./twd up} started, and on its own loopback port.
 */
public final class LibertyServer implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String service;
    private final int httpPort;
    private final Path outputDir;
    private final Map<String, String> environment;
    private ManagedProcess process;

    /**
     * @param service     the service (server) name: shop, order, delivery, message or mypage
     * @param httpPort    the loopback HTTP port to listen on
     * @param outputDir   the server's output folder (WLP_OUTPUT_DIR): logs, database, transaction log
     * @param environment extra environment variables, e.g. {@code BROKER_PORT}, {@code DELIVERY_URL}
     */
    public LibertyServer(String service, int httpPort, Path outputDir, Map<String, String> environment) {
        this.service = service;
        this.httpPort = httpPort;
        this.outputDir = outputDir;
        Map<String, String> env = new HashMap<>(environment);
        env.put("WLP_OUTPUT_DIR", outputDir.toString());
        env.put("HTTP_PORT", Integer.toString(httpPort));
        env.put("OTEL_SERVICE_NAME", service); // the trace's name of this server: shop, order, ...
        env.putIfAbsent("MYPAGE_READ_CACHE_SIZE", "20000"); // as ./twd: one mypage server applies every change
        this.environment = Map.copyOf(env);
    }

    /**
     * Starts the server and waits until {@code /health/ready} answers 200.
     *
     * @param timeout how long starting may take
     * @throws IllegalStateException with the tail of its log, if it is not ready in time
     */
    public synchronized void start(Duration timeout) {
        launch();
        awaitReady(timeout);
    }

    /** Starts the server process without waiting for it to be ready. */
    public synchronized void launch() {
        Path wlp = TestEnvironment.libertyHome();
        process = new ManagedProcess(service, List.of(wlp.resolve("bin/server").toString(), "run", service),
                environment, wlp.toAbsolutePath(), outputDir.resolve(service).resolve("logs/process.log"));
        process.start();
    }

    /**
     * Waits until {@code /health/ready} answers 200.
     *
     * @param timeout how long to wait
     * @throws IllegalStateException with the tail of the server's log, if not ready in time or if it died
     */
    public void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(service + " server exited:\n" + logTail(60));
            }
            if (isReady()) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(service + " server not ready after " + timeout + "; /health/ready: "
                        + readiness() + "; threads: " + threadDump() + "\n" + logTail(60));
            }
            Ports.sleep(250);
        }
    }

    /** @return true if {@code /health/ready} answers 200 right now */
    public boolean isReady() {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(uri("/health/ready"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** @return the body of {@code /health/ready} right now, or why it could not be read */
    private String readiness() {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri("/health/ready"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() + " " + response.body();
        } catch (IOException e) {
            return "no answer (" + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /**
     * Writes the server's threads ({@code jcmd <pid> Thread.print}) to {@code logs/threads-<time>.txt}.
     *
     * @return the file written, or why there is none
     */
    private String threadDump() {
        Path file = outputDir.resolve(service).resolve("logs/threads-" + System.currentTimeMillis() + ".txt");
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.print")
                    .redirectErrorStream(true).redirectOutput(file.toFile()).start();
            if (!dump.waitFor(30, TimeUnit.SECONDS)) {
                return "jcmd did not finish";
            }
            return file + "\n" + busyThreads(Files.readString(file));
        } catch (IOException e) {
            return "none (" + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /**
     * @param dump a thread dump
     * @return the first frames of each thread that runs the application's code ({@code io.twd}),
     *         where a stuck server is usually stuck
     */
    static String busyThreads(String dump) {
        StringBuilder out = new StringBuilder();
        for (String thread : dump.split("\n\n")) {
            if (thread.contains("io.twd.")) {
                thread.lines().limit(14).forEach(line -> out.append(line).append('\n'));
                out.append('\n');
            }
        }
        return out.isEmpty() ? "(no thread in io.twd code)" : out.toString();
    }

    /** Stops the server gracefully (SIGTERM: Liberty quiesces), killing it after 60 s. */
    public synchronized void stop() {
        if (process != null) {
            process.terminate(Duration.ofSeconds(60));
            Ports.awaitClosed(httpPort, Duration.ofSeconds(10));
        }
    }

    /** Kills the server at once (SIGKILL), as a crash would. */
    public synchronized void kill() {
        if (process != null) {
            process.kill();
            Ports.awaitClosed(httpPort, Duration.ofSeconds(10));
        }
    }

    /** Freezes the server (SIGSTOP): connections are accepted by the kernel but never answered. */
    public synchronized void freeze() {
        process.freeze();
    }

    /** Thaws a frozen server (SIGCONT). */
    public synchronized void thaw() {
        process.thaw();
    }

    /** @return true while the server process runs */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** @return the service name */
    public String service() {
        return service;
    }

    /** @return the loopback HTTP port */
    public int httpPort() {
        return httpPort;
    }

    /** @return {@code http://127.0.0.1:<port>} */
    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    /**
     * @param path an absolute path, e.g. {@code /shops}
     * @return the URI of that path on this server
     */
    public URI uri(String path) {
        return URI.create(baseUrl() + path);
    }

    /**
     * @param lines how many lines
     * @return the last lines of the server's messages.log
     */
    public String logTail(int lines) {
        return ManagedProcess.tailOf(outputDir.resolve(service).resolve("logs/messages.log"), lines);
    }

    @Override
    public void close() {
        stop();
    }
}
