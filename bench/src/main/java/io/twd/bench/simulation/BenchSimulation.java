package io.twd.bench.simulation;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import io.twd.bench.Recorder;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * What every benchmark simulation shares: where the gateway is, how many virtual users run at
 * once, which phones they use, and the timing of each request into the run's {@link Recorder}
 * (microsecond resolution, measured around the request by the virtual user itself). Settings
 * come from system properties set by {@link io.twd.bench.Benchmark}:
 * <ul>
 *   <li>{@code bench.gateway}: the gateway's base URL, default {@code http://127.0.0.1:8088};</li>
 *   <li>{@code bench.concurrency}: virtual users at once (each with its own keep-alive connection), default 1;</li>
 *   <li>{@code bench.run}: this run's id, part of every phone's {@code eqpSernum};</li>
 *   <li>{@code bench.from}, {@code bench.count}: the phones used, by index (count a multiple of the concurrency);</li>
 *   <li>{@code bench.seconds}: the duration of time-bound scenarios;</li>
 *   <li>{@code bench.rate}: arrivals per second of an open-model scenario;</li>
 *   <li>{@code bench.tokens}: the file of the users' tokens ({@link Tokens#write});</li>
 *   <li>{@code bench.out}: the JSON file the results are written to.</li>
 * </ul>
 */
public abstract class BenchSimulation extends Simulation {

    /** The gateway's base URL. */
    protected static final String GATEWAY = System.getProperty("bench.gateway", "http://127.0.0.1:8088");
    /** Virtual users at once. */
    protected static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 1);
    /** This run's id. */
    protected static final String RUN = System.getProperty("bench.run", "0");
    /** Index of the first phone used. */
    protected static final int FROM = Integer.getInteger("bench.from", 0);
    /** Number of phones used (each by exactly one request or story). */
    protected static final int COUNT = Integer.getInteger("bench.count", 0);
    /** Duration of a time-bound scenario, in seconds. */
    protected static final int SECONDS = Integer.getInteger("bench.seconds", 15);
    /** Arrivals per second of an open-model scenario. */
    protected static final int RATE = Integer.getInteger("bench.rate", 50);

    /** HTTP/1.1 with keep-alive through the gateway, JSON both ways, no warm-up call to the internet. */
    protected final HttpProtocolBuilder protocol = http.baseUrl(GATEWAY)
            .acceptHeader("application/json")
            .contentTypeHeader("application/json")
            .disableWarmUp()
            .disableCaching();

    /** Writes the recorder's results to {@code bench.out} when the run ends. */
    @Override
    public void after() {
        Recorder.INSTANCE.write(Path.of(System.getProperty("bench.out", "target/bench/result.json")));
    }

    /**
     * @return {@code COUNT / CONCURRENCY}: how many phones each virtual user takes
     */
    protected static int perUser() {
        return Math.max(1, COUNT / CONCURRENCY);
    }

    /**
     * The phones {@code FROM .. FROM+COUNT-1}, each handed out once: session attributes
     * {@code n}, {@code shopId} (1 to 10), {@code eqpSernum} and {@code customer}, the bench
     * customer who orders it ({@link Tokens#customer}).
     *
     * @return an endless feeder (past the range it repeats the last phone; the counts make sure it is not reached)
     */
    protected static Iterator<Map<String, Object>> phones() {
        AtomicInteger next = new AtomicInteger(FROM);
        int last = FROM + Math.max(COUNT, 1) - 1;
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Map<String, Object> next() {
                int n = Math.min(next.getAndIncrement(), last);
                return Map.of("n", n, "shopId", 1 + n % 10, "eqpSernum", sernum(n), "customer", Tokens.customer(n));
            }
        };
    }

    /**
     * @param user a user of the realm (see {@link Tokens})
     * @return the {@code Authorization} header's value for a request of that user, from the
     *     tokens file, not fetched per request
     */
    protected static java.util.function.Function<Session, String> as(String user) {
        return session -> Tokens.bearer(user);
    }

    /**
     * @return the {@code Authorization} header's value for the customer of the session's phone
     *     (attribute {@code customer}, from {@link #phones()})
     */
    protected static java.util.function.Function<Session, String> asCustomer() {
        return session -> Tokens.bearer(session.getString("customer"));
    }

    /**
     * @param n the phone's index
     * @return its {@code eqpSernum}: {@code bench-<run>-<n>}
     */
    protected static String sernum(int n) {
        return "bench-" + RUN + "-" + n;
    }

    /**
     * Runs {@code request}, timing it into {@code metric}; the status lands in the session as
     * {@code status} (absent when there was no answer).
     *
     * @param metric   the recorder's metric name
     * @param request  the request (must not carry its own status check)
     * @param expected the status that counts as success
     * @return the chain
     */
    protected static ChainBuilder timed(String metric, HttpRequestActionBuilder request, int expected) {
        return exec(session -> session.remove("status").set("t0", System.nanoTime()))
                .exec(request.check(status().saveAs("status")))
                .exec(session -> {
                    long end = System.nanoTime();
                    int status = statusOf(session);
                    Recorder.INSTANCE.record(metric, session.getLong("t0"), end, status == expected, status);
                    return session.set("tEnd", end);
                });
    }

    /**
     * @param session a virtual user's session after {@link #timed}
     * @return the last status, or -1 when there was no answer
     */
    protected static int statusOf(Session session) {
        return session.contains("status") ? session.getInt("status") : -1;
    }
}
