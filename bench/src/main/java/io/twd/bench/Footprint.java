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
 * workers), the Liberty server of the five services (or, with {@code ./twd up --servers}, the
 * server of each), the broker (its launcher script and JVM), the SMTP sink and the identity
 * provider. In KiB. Also their CPU time, for the cost of a request by
 * process. A process that cannot be read is {@value #NOT_MEASURED}, never 0: the report says
 * "not measured" for it and leaves it out of every sum.
 */
final class Footprint {

    /** The processes of a run with one Liberty server per service ({@code ./twd up --servers}). */
    static final List<String> SERVERS_COMPONENTS = List.of("gateway", "shop", "order", "delivery", "message",
            "mypage", "broker", "smtp", "identity");

    /** The processes of a run whose five services share one Liberty server, {@code services} ({@code ./twd up}). */
    static final List<String> ONE_SERVER_COMPONENTS = List.of("gateway", "services", "broker", "smtp", "identity");

    /**
     * @param root the repository
     * @return the running system's processes: {@link #ONE_SERVER_COMPONENTS} when {@code .twd/topology}
     *     says {@code one-server}, else {@link #SERVERS_COMPONENTS}
     */
    static List<String> components(Path root) {
        try {
            return Files.readString(root.resolve(".twd/topology")).trim().equals("one-server")
                    ? ONE_SERVER_COMPONENTS : SERVERS_COMPONENTS;
        } catch (IOException e) {
            return SERVERS_COMPONENTS;
        }
    }

    /** The value of a figure that could not be read (process not running, /proc not readable). */
    static final long NOT_MEASURED = -1;

    private Footprint() {
    }

    /**
     * @param root the repository (whose {@code .twd/} holds the pid files)
     * @return RSS per component in KiB, in {@link #components} order; {@value #NOT_MEASURED} for
     *     one that cannot be read
     */
    static Map<String, Long> sample(Path root) {
        Map<String, Long> rss = new LinkedHashMap<>();
        for (String component : components(root)) {
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
        rss.forEach((c, kib) -> out.append(c).append(' ').append(mib(kib)).append(", "));
        long missing = rss.values().stream().filter(kib -> kib < 0).count();
        return out.append("total ").append(measuredSum(rss) / 1024).append(" MiB")
                .append(missing == 0 ? "" : " (" + missing + " not measured)").toString();
    }

    /** @return e.g. {@code "380 MiB"}, or {@code "not measured"} */
    static String mib(long kib) {
        return kib < 0 ? "not measured" : kib / 1024 + " MiB";
    }

    /** @return the sum of the figures that were measured */
    static long measuredSum(Map<String, Long> figures) {
        return figures.values().stream().filter(v -> v >= 0).mapToLong(Long::longValue).sum();
    }

    /**
     * @param root the repository
     * @return CPU time (user + system) used so far per component, in ms, in {@link #components} order;
     *     the load generator's own is not included
     */
    static Map<String, Long> cpuMillis(Path root) {
        Map<String, Long> cpu = new LinkedHashMap<>();
        for (String component : components(root)) {
            cpu.put(component, tree(pidFile(root, component), Footprint::cpuMillis));
        }
        return cpu;
    }

    /**
     * @param before {@link #cpuMillis} at the start
     * @param after  {@link #cpuMillis} at the end
     * @param units  what the CPU time is shared by (e.g. orders accepted); below 1 counts as 1
     * @return CPU ms per unit, by component; NaN where either sample was not measured
     */
    static Map<String, Double> cpuMillisPer(Map<String, Long> before, Map<String, Long> after, long units) {
        Map<String, Double> per = new LinkedHashMap<>();
        after.forEach((component, ms) -> {
            long start = before.getOrDefault(component, NOT_MEASURED);
            per.put(component, ms < 0 || start < 0 ? Double.NaN : (ms - start) / (double) Math.max(1, units));
        });
        return per;
    }

    private static Path pidFile(Path root, String component) {
        Path state = root.resolve(".twd");
        return switch (component) {
            case "gateway" -> state.resolve("gateway/nginx.pid");
            case "broker" -> state.resolve("broker.pid");
            case "smtp" -> state.resolve("smtp.pid");
            case "identity" -> state.resolve("identity.pid");
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
            return NOT_MEASURED;
        }
    }

    /** The figure summed over the process and its descendants; not measured if any of them cannot be read. */
    private static long tree(Path pidFile, java.util.function.LongUnaryOperator perProcess) {
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            return ProcessHandle.of(pid).map(p -> {
                long[] each = Stream.concat(Stream.of(p), p.descendants())
                        .mapToLong(h -> perProcess.applyAsLong(h.pid())).toArray();
                return java.util.Arrays.stream(each).anyMatch(v -> v < 0) ? NOT_MEASURED
                        : java.util.Arrays.stream(each).sum();
            }).orElse(NOT_MEASURED);
        } catch (IOException | NumberFormatException e) {
            return NOT_MEASURED;
        }
    }

    private static long treeRss(Path pidFile) {
        return tree(pidFile, Footprint::rss);
    }

    private static long rss(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                    .filter(l -> l.startsWith("VmRSS:")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).orElse(NOT_MEASURED);
        } catch (IOException | RuntimeException e) {
            return NOT_MEASURED;
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
                        totalPeak = Math.max(totalPeak, measuredSum(now));
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
