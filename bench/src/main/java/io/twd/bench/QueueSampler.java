package io.twd.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Samples the subscription queues' depth ({@link BrokerQueues}) in the background, every
 * {@code period}, from {@link #start} until {@link #stop}: the series behind the queue-depth plot
 * of a scenario. A sample that fails (the broker busy for more than its timeout) is skipped.
 */
final class QueueSampler {

    /**
     * One sample.
     *
     * @param seconds       seconds since the sampler started
     * @param subscriptions messages per subscription queue
     */
    record Sample(double seconds, Map<String, Long> subscriptions) {

        /** @return the messages on all subscription queues together */
        long total() {
            return subscriptions.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final BrokerQueues queues;
    private final Duration period;
    private final List<Sample> samples = new ArrayList<>();
    private volatile boolean running;
    private Thread thread;
    private long startNanos;

    QueueSampler(BrokerQueues queues, Duration period) {
        this.queues = queues;
        this.period = period;
    }

    /** Starts sampling; time 0 is now. */
    void start() {
        startNanos = System.nanoTime();
        running = true;
        thread = new Thread(() -> {
            while (running) {
                long began = System.nanoTime();
                try {
                    BrokerQueues.Depths depths = queues.scrape();
                    synchronized (samples) {
                        samples.add(new Sample((began - startNanos) / 1e9, depths.subscriptions()));
                    }
                } catch (IOException e) {
                    Benchmark.say("  (queue sample skipped: " + e.getMessage() + ")");
                }
                long rest = period.toNanos() - (System.nanoTime() - began);
                if (rest > 0) {
                    try {
                        Thread.sleep(rest / 1_000_000, (int) (rest % 1_000_000));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }, "queue-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    /** @return seconds since {@link #start} */
    double elapsed() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /**
     * Stops sampling.
     *
     * @return the samples, in time order
     */
    List<Sample> stop() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(10_000);
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /**
     * Writes samples as CSV: {@code seconds,total,<queue>,...}, one line per sample.
     *
     * @param samples the samples
     * @param file    where to write
     * @throws IOException if it cannot be written
     */
    static void writeCsv(List<Sample> samples, Path file) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        samples.forEach(s -> names.addAll(s.subscriptions().keySet()));
        List<String> lines = new ArrayList<>();
        lines.add("seconds,total," + String.join(",", names));
        for (Sample s : samples) {
            StringBuilder line = new StringBuilder(String.format(java.util.Locale.ROOT, "%.1f,%d", s.seconds(), s.total()));
            names.forEach(n -> line.append(',').append(s.subscriptions().getOrDefault(n, 0L)));
            lines.add(line.toString());
        }
        Files.write(file, lines);
    }
}
