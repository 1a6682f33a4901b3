package io.twd.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one Gatling run measured, per metric name: a latency histogram in microseconds, the
 * count of answers that were not the expected status (errors), and the wall-clock window from
 * the first start to the last end (for the rate). Thread-safe; one per Gatling JVM. Written as
 * a small JSON object that {@link Benchmark} reads back with {@link #read}.
 */
public final class Recorder {

    /** The run's recorder, shared by the simulation's virtual users. */
    public static final Recorder INSTANCE = new Recorder();

    private static final long HIGHEST_US = 600_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Metric> metrics = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> values = new ConcurrentLinkedQueue<>();

    private Recorder() {
    }

    private static final class Metric {
        final Histogram histogram = new Histogram(HIGHEST_US, 3);
        final AtomicLong errors = new AtomicLong();
        final AtomicLong firstStartNanos = new AtomicLong(Long.MAX_VALUE);
        final AtomicLong lastEndNanos = new AtomicLong(Long.MIN_VALUE);
        final Map<Integer, AtomicLong> errorStatuses = new ConcurrentHashMap<>();
    }

    /**
     * Records one request or one measured interval.
     *
     * @param name        the metric, e.g. {@code "place order"}
     * @param startNanos  {@link System#nanoTime()} at the start
     * @param endNanos    {@link System#nanoTime()} at the end
     * @param ok          whether the answer was the expected one
     * @param status      the HTTP status, or -1 when there was no answer (counted per status for errors)
     */
    public void record(String name, long startNanos, long endNanos, boolean ok, int status) {
        Metric metric = metrics.computeIfAbsent(name, n -> new Metric());
        long micros = Math.max(1, Math.min(HIGHEST_US, (endNanos - startNanos) / 1000));
        synchronized (metric.histogram) {
            metric.histogram.recordValue(micros);
        }
        if (!ok) {
            metric.errors.incrementAndGet();
            metric.errorStatuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
        }
        metric.firstStartNanos.accumulateAndGet(startNanos, Math::min);
        metric.lastEndNanos.accumulateAndGet(endNanos, Math::max);
    }

    /**
     * Keeps a value the next step needs (e.g. the ids of the orders placed), one per line.
     *
     * @param value any text without line breaks
     */
    public void keep(String value) {
        values.add(value);
    }

    /**
     * Writes {@code {"<metric>": {@link Figures}, ...}} as JSON to {@code file}, and the kept
     * values to {@code file + ".values"}, one per line.
     *
     * @param file where to write
     * @throws UncheckedIOException if it cannot be written
     */
    public void write(Path file) {
        Map<String, Figures> figures = new TreeMap<>();
        metrics.forEach((name, m) -> {
            Histogram h;
            synchronized (m.histogram) {
                h = m.histogram.copy();
            }
            long count = h.getTotalCount();
            double seconds = count == 0 ? 0 : (m.lastEndNanos.get() - m.firstStartNanos.get()) / 1e9;
            Map<String, Long> statuses = new TreeMap<>();
            m.errorStatuses.forEach((status, n) -> statuses.put(String.valueOf(status), n.get()));
            figures.put(name, new Figures(count, m.errors.get(), statuses, seconds, seconds > 0 ? count / seconds : 0,
                    h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(95) / 1000.0,
                    h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0, h.getMean() / 1000.0));
        });
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), figures);
            Files.write(Path.of(file + ".values"), values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param file a file {@link #write} wrote
     * @return its figures by metric name
     * @throws UncheckedIOException if it cannot be read
     */
    public static Map<String, Figures> read(Path file) {
        try {
            return JSON.readValue(file.toFile(), new TypeReference<TreeMap<String, Figures>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One metric of one run.
     *
     * @param count         requests (or intervals) measured
     * @param errors        how many were not the expected answer
     * @param errorStatuses errors by HTTP status ({@code -1}: no answer)
     * @param seconds       wall-clock window from the first start to the last end, in s
     * @param perSecond     {@code count / seconds}
     * @param p50Ms         median latency, in ms
     * @param p95Ms         95th percentile, in ms
     * @param p99Ms         99th percentile, in ms
     * @param maxMs         largest, in ms
     * @param meanMs        mean, in ms
     */
    public record Figures(long count, long errors, Map<String, Long> errorStatuses, double seconds, double perSecond,
                          double p50Ms, double p95Ms, double p99Ms, double maxMs, double meanMs) {

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%d in %.1f s = %.1f/s, p50 %.1f ms, p95 %.1f, p99 %.1f, max %.1f, errors %d%s",
                    count, seconds, perSecond, p50Ms, p95Ms, p99Ms, maxMs, errors,
                    errors == 0 ? "" : " " + errorStatuses);
        }
    }
}
