package io.twd.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sustained {@code POST /orders} load of Debian's <a href="https://github.com/wg/wrk">wrk</a>
 * (package {@code wrk}): a closed loop on {@code connections} keep-alive connections, the next
 * request on a connection sent when its answer came, for a fixed time:
 * {@code wrk -t2 -c32 -d180s --timeout 10s --latency -s orders.lua http://127.0.0.1:8088/orders}.
 * A load generator in C takes far less of the machine's two cores than a JVM one. The Lua
 * script, written next to the run's logs, gives every request its own registered phone (thread
 * {@code t} of {@code T} takes phones {@code from+t}, {@code from+t+T}, ...) and the token of
 * that phone's customer from the tokens file, counts the answers by status and prints the
 * figures in one line that this class reads.
 */
final class Wrk {

    /** wrk's threads; each drives {@code connections / THREADS} connections. */
    static final int THREADS = 2;

    private static final Pattern FIGURES = Pattern.compile(
            "twd-wrk requests=(\\d+) micros=(\\d+) socket=(\\d+) p50=(\\d+) p99=(\\d+) max=(\\d+) statuses=(\\S*)");

    /**
     * What one wrk run measured.
     *
     * @param command      the command line, for the report
     * @param requests     requests answered
     * @param seconds      the run's duration, s
     * @param perSecond    answers per second over the run
     * @param p50Ms        median latency, ms
     * @param p99Ms        99th percentile, ms
     * @param maxMs        slowest, ms
     * @param statuses     answers by HTTP status
     * @param socketErrors connect, read, write errors and timeouts (no answer)
     */
    record Figures(String command, long requests, double seconds, double perSecond, double p50Ms, double p99Ms,
                   double maxMs, Map<Integer, Long> statuses, long socketErrors) {

        /** @return answers {@code 201 Created}: orders placed */
        long accepted() {
            return statuses.getOrDefault(201, 0L);
        }

        /** @return answers other than 201, by status */
        Map<Integer, Long> refused() {
            Map<Integer, Long> refused = new TreeMap<>(statuses);
            refused.remove(201);
            return refused;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d requests in %.1f s, %.1f/s, p50 %.1f ms, p99 %.1f ms, max %.1f ms, "
                    + "answers %s, %d socket errors", requests, seconds, perSecond, p50Ms, p99Ms, maxMs, statuses,
                    socketErrors);
        }
    }

    private Wrk() {
    }

    /** @return whether {@code wrk} is on the PATH */
    static boolean installed() {
        try {
            Process p = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor(10, TimeUnit.SECONDS);
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Runs wrk against {@code POST /orders}.
     *
     * @param runDir      where the script and the log go
     * @param gateway     the gateway's base URL
     * @param run         the bench run's id (part of every phone's {@code eqpSernum})
     * @param from        the index of the first phone (registered beforehand, as many as the run can use)
     * @param tokens      the tokens file ({@code <user> Bearer <jwt>} per line; the bench customers', in order, are used)
     * @param connections concurrent connections (a multiple of {@link #THREADS})
     * @param seconds     duration
     * @return the figures
     * @throws IOException           if wrk cannot be run
     * @throws IllegalStateException if wrk fails or prints no figures
     */
    static Figures placeOrders(Path runDir, String gateway, String run, int from, Path tokens, int connections,
                               int seconds) throws IOException, InterruptedException {
        Path script = runDir.resolve("orders.lua");
        Files.writeString(script, script(run, from, tokens));
        List<String> command = new ArrayList<>(List.of("wrk", "-t" + THREADS, "-c" + connections, "-d" + seconds + "s",
                "--timeout", "10s", "--latency", "-s", script.toString(), gateway + "/orders"));
        Path log = runDir.resolve("wrk-orders.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(seconds + 60L, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("wrk failed: see " + log);
        }
        String shown = String.join(" ", command).replace(script.toString(), "orders.lua");
        return parse(shown, Files.readString(log));
    }

    /**
     * @param command the command line, for the report
     * @param output  wrk's output with the script's line
     * @return the figures in it
     * @throws IllegalStateException if it has no such line
     */
    static Figures parse(String command, String output) {
        Matcher m = FIGURES.matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("wrk printed no figures: " + output);
        }
        Map<Integer, Long> statuses = new TreeMap<>();
        for (String pair : m.group(7).split(",")) {
            if (pair.contains(":")) {
                String[] kv = pair.split(":");
                statuses.merge(Integer.parseInt(kv[0]), Long.parseLong(kv[1]), Long::sum);
            }
        }
        long requests = Long.parseLong(m.group(1));
        double seconds = Long.parseLong(m.group(2)) / 1e6;
        return new Figures(command, requests, seconds, requests / seconds, Long.parseLong(m.group(4)) / 1e3,
                Long.parseLong(m.group(5)) / 1e3, Long.parseLong(m.group(6)) / 1e3, statuses, Long.parseLong(m.group(3)));
    }

    /** The Lua script: phone per request, its customer's token, answers counted by status, figures on one line. */
    private static String script(String run, int from, Path tokens) {
        return """
                -- Written by ./twd bench: POST /orders, each request for its own registered phone, by its customer.
                local threadCount = 0
                local threads = {}
                function setup(thread)
                  thread:set("offset", threadCount)
                  threadCount = threadCount + 1
                  table.insert(threads, thread)
                end
                function init(args)
                  nextPhone = %d + tonumber(offset)
                  statuses = {}
                  tokens = {}
                  for line in io.lines("%s") do
                    local user, header = line:match("^(%%S+) (.+)$")
                    if user and user:match("^bench%%-") then table.insert(tokens, header) end
                  end
                end
                function request()
                  local n = nextPhone
                  nextPhone = nextPhone + %d
                  local body = string.format('{"shopId":%%d,"eqpNm":"galaxy_s21","eqpSernum":"bench-%s-%%d"}', 1 + n %% 10, n)
                  return wrk.format("POST", nil, {["Content-Type"] = "application/json",
                    ["Accept"] = "application/json", ["Authorization"] = tokens[(n %% #tokens) + 1]}, body)
                end
                function response(status, headers, body)
                  statuses[status] = (statuses[status] or 0) + 1
                end
                function done(summary, latency, requests)
                  local all = {}
                  for _, t in ipairs(threads) do
                    for status, n in pairs(t:get("statuses")) do all[status] = (all[status] or 0) + n end
                  end
                  local parts = {}
                  for status, n in pairs(all) do table.insert(parts, status .. ":" .. n) end
                  local e = summary.errors
                  io.write(string.format("twd-wrk requests=%%d micros=%%d socket=%%d p50=%%d p99=%%d max=%%d statuses=%%s\\n",
                    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout,
                    latency:percentile(50), latency:percentile(99), latency.max, table.concat(parts, ",")))
                end
                """.formatted(from, tokens.toAbsolutePath(), THREADS, run);
    }
}
