package io.twd.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Resident memory (RSS, from {@code /proc/<pid>/status}) of every process {@code ./twd up}
 * started, found through the pid files in {@code .twd/}: the gateway (nginx master and
 * workers), the five Liberty servers, the broker (its launcher script and JVM) and the SMTP
 * sink. In KiB. Also their CPU time, for the cost of a request by process.
 */
final class Footprint {

    static final List<String> COMPONENTS = List.of("gateway", "shop", "order", "delivery", "message", "mypage",
            "broker", "smtp");

    private Footprint() {
    }

    /**
     * @param root the repository (whose {@code .twd/} holds the pid files)
     * @return RSS per component in KiB, in {@link #COMPONENTS} order; 0 for one not running
     */
    static Map<String, Long> sample(Path root) {
        Map<String, Long> rss = new LinkedHashMap<>();
        for (String component : COMPONENTS) {
            rss.put(component, treeRss(pidFile(root, component)));
        }
        return rss;
    }

    /**
     * @param rss RSS per component in KiB
     * @return e.g. {@code "gateway 5 MiB, shop 380 MiB, ..., total 2210 MiB"}
     */
    static String describe(Map<String, Long> rss) {
        StringBuilder out = new StringBuilder();
        rss.forEach((c, kib) -> out.append(c).append(' ').append(kib / 1024).append(" MiB, "));
        return out.append("total ").append(rss.values().stream().mapToLong(Long::longValue).sum() / 1024)
                .append(" MiB").toString();
    }

    /**
     * @param root the repository
     * @return CPU time (user + system) used so far per component, in ms, in {@link #COMPONENTS} order;
     *     the load generator's own is not included
     */
    static Map<String, Long> cpuMillis(Path root) {
        Map<String, Long> cpu = new LinkedHashMap<>();
        for (String component : COMPONENTS) {
            cpu.put(component, tree(pidFile(root, component), Footprint::cpuMillis));
        }
        return cpu;
    }

    /**
     * @param before {@link #cpuMillis} at the start
     * @param after  {@link #cpuMillis} at the end
     * @param units  what the CPU time is shared by (e.g. orders accepted); below 1 counts as 1
     * @return CPU ms per unit, by component
     */
    static Map<String, Double> cpuMillisPer(Map<String, Long> before, Map<String, Long> after, long units) {
        Map<String, Double> per = new LinkedHashMap<>();
        after.forEach((component, ms) -> per.put(component,
                (ms - before.getOrDefault(component, 0L)) / (double) Math.max(1, units)));
        return per;
    }

    private static Path pidFile(Path root, String component) {
        Path state = root.resolve(".twd");
        return switch (component) {
            case "gateway" -> state.resolve("gateway/nginx.pid");
            case "broker" -> state.resolve("broker.pid");
            case "smtp" -> state.resolve("smtp.pid");
            default -> state.resolve("servers/.pid/" + component + ".pid");
        };
    }

    private static long cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
            return ticks * 10; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long tree(Path pidFile, java.util.function.LongUnaryOperator perProcess) {
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            return ProcessHandle.of(pid).map(p -> Stream.concat(Stream.of(p), p.descendants())
                    .mapToLong(h -> perProcess.applyAsLong(h.pid())).sum()).orElse(0L);
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private static long treeRss(Path pidFile) {
        return tree(pidFile, Footprint::rss);
    }

    private static long rss(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                    .filter(l -> l.startsWith("VmRSS:")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).orElse(0L);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Samples every second in the background; keeps each component's peak and the peak of the sum. */
    static final class Sampler {
        private final Path root;
        private final Map<String, Long> peaks = new LinkedHashMap<>();
        private long totalPeak;
        private volatile boolean running;
        private Thread thread;

        Sampler(Path root) {
            this.root = root;
        }

        void start() {
            running = true;
            thread = new Thread(() -> {
                while (running) {
                    Map<String, Long> now = sample(root);
                    synchronized (this) {
                        now.forEach((c, kib) -> peaks.merge(c, kib, Math::max));
                        totalPeak = Math.max(totalPeak, now.values().stream().mapToLong(Long::longValue).sum());
                    }
                    Benchmark.sleep(java.time.Duration.ofSeconds(1));
                }
            }, "rss-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(5000);
        }

        synchronized Map<String, Long> peaks() {
            return new LinkedHashMap<>(peaks);
        }

        synchronized long totalPeak() {
            return totalPeak;
        }
    }
}
