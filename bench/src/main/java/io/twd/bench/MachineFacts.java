package io.twd.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/** The facts a figure needs next to it: which machine, which software, which commit, when. */
final class MachineFacts {

    private MachineFacts() {
    }

    /**
     * @param root the repository
     * @return cpu (model name), cores, memory (GiB), kernel, java, commit, date (UTC)
     */
    static Map<String, String> collect(Path root) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("cpu", firstMatch(Path.of("/proc/cpuinfo"), "model name"));
        facts.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        String mem = firstMatch(Path.of("/proc/meminfo"), "MemTotal");
        try {
            facts.put("memory", String.format(java.util.Locale.ROOT, "%.1f GiB",
                    Long.parseLong(mem.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0));
        } catch (NumberFormatException e) {
            facts.put("memory", mem);
        }
        facts.put("kernel", read(Path.of("/proc/sys/kernel/osrelease")));
        facts.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
        facts.put("commit", command(root, "git", "rev-parse", "--short", "HEAD")
                + (command(root, "git", "status", "--porcelain").isBlank() ? "" : " (with local changes)"));
        facts.put("date", ZonedDateTime.now(java.time.ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
                .substring(0, 16) + " UTC");
        return facts;
    }

    /**
     * @return the load average over 1, 5 and 15 minutes and the runnable/total tasks, as
     *     {@code /proc/loadavg} has them (what {@code uptime} prints), or "unknown"
     */
    static String loadAverage() {
        String loadavg = read(Path.of("/proc/loadavg"));
        String[] parts = loadavg.split(" ");
        return parts.length >= 4 ? String.join(" ", parts[0], parts[1], parts[2], "(" + parts[3] + " tasks)") : loadavg;
    }

    private static String firstMatch(Path file, String key) {
        try {
            return Files.readAllLines(file).stream().filter(l -> l.startsWith(key))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String command(Path dir, String... command) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor() == 0 ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
