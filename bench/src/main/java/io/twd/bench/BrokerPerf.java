package io.twd.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The broker's ceiling, measured with its own tool: {@code artemis perf client} sends
 * persistent 1 KiB messages to a scratch queue and receives them, with the same durability as
 * the events (persistent, synced journal, every send confirmed before the next), from
 * {@value #PRODUCERS} producers at once. The scratch queue is deleted afterwards.
 *
 * @param sentPerSecond     messages sent per second
 * @param receivedPerSecond messages received per second
 * @param sendP99Ms         99th percentile of the time a send took, in ms ({@code NaN} if not reported)
 */
record BrokerPerf(double sentPerSecond, double receivedPerSecond, double sendP99Ms) {

    static final int PRODUCERS = 8;
    static final String QUEUE = "bench.perf";

    /**
     * @param root    the repository (the broker distribution is unpacked under {@code broker/target})
     * @param runDir  where the report and log go
     * @param seconds how long to send
     * @return what the tool reported
     * @throws IOException          if the tool cannot be run or its report read
     * @throws InterruptedException if interrupted while waiting for it
     */
    static BrokerPerf measure(Path root, Path runDir, int seconds) throws IOException, InterruptedException {
        Path home = artemisHome(root);
        Path report = runDir.resolve("broker-perf.json");
        String artemis = home.resolve("bin/artemis").toString();
        String url = "--url=tcp://127.0.0.1:61616";
        run(runDir.resolve("broker-perf.log"), List.of("bash", artemis, "perf", "client", url, "--user=twd",
                "--password=twd", "--persistent", "--producers=" + PRODUCERS, "--consumers=1", "--threads=" + PRODUCERS,
                "--max-pending=1", "--message-size=1024", "--warmup=3", "--duration=" + seconds,
                "--json=" + report, "queue://" + QUEUE));
        run(runDir.resolve("broker-perf-cleanup.log"), List.of("bash", artemis, "queue", "delete", url, "--user=twd",
                "--password=twd", "--name=" + QUEUE, "--silent"));
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        return new BrokerPerf(rate(json, "sent"), rate(json, "received"), p99(json));
    }

    /**
     * @param root the repository
     * @return the Artemis distribution the build unpacked under {@code broker/target}
     * @throws IOException if that folder cannot be listed
     */
    static Path artemisHome(Path root) throws IOException {
        try (var dirs = Files.list(root.resolve("broker/target"))) {
            return dirs.filter(p -> p.getFileName().toString().startsWith("apache-artemis-")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no Artemis distribution under broker/target"));
        }
    }

    /** The mean per-second count of {@code what} over the measured (not warm-up) one-second samples that had any. */
    private static double rate(JsonNode samples, String what) {
        double sum = 0;
        int n = 0;
        for (JsonNode sample : samples) {
            if ("interval".equals(sample.path("sampleType").asText()) && !sample.path("warmup").asBoolean()
                    && sample.path(what).asLong() > 0) {
                sum += sample.path(what).asLong();
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** The summary's 99th percentile of the send time, reported in µs. */
    private static double p99(JsonNode samples) {
        for (JsonNode sample : samples) {
            if ("summary".equals(sample.path("sampleType").asText())) {
                return sample.path("totalSendTime").path("99").asDouble(Double.NaN) / 1000.0;
            }
        }
        return Double.NaN;
    }

    private static void run(Path log, List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed: see " + log);
        }
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%.0f sent/s, %.0f received/s, send p99 %.1f ms",
                sentPerSecond, receivedPerSecond, sendP99Ms);
    }
}
