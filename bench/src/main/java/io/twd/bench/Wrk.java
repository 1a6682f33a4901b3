package io.twd.bench;

import io.twd.bench.simulation.Tokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The closed-loop {@code POST /orders} load of Debian's <a href="https://github.com/wg/wrk">wrk</a>
 * (package {@code wrk}), for a figure anyone can reproduce without this project's load generator:
 * {@code wrk -t2 -c32 -d<s>s --latency -s orders.lua http://127.0.0.1:8088/orders}. The Lua script,
 * written next to the run's logs, gives every request its own registered phone (thread {@code t}
 * of {@code T} takes phones {@code from+t}, {@code from+t+T}, ...) and the demo customer's token,
 * and prints the figures in one line that this class reads.
 */
final class Wrk {

    /** wrk's threads; each drives {@code connections / THREADS} connections. */
    static final int THREADS = 2;

    private static final Pattern FIGURES = Pattern.compile(
            "twd-wrk requests=(\\d+) micros=(\\d+) not201=(\\d+) socket=(\\d+) p50=(\\d+) p99=(\\d+) max=(\\d+)");

    /**
     * What one wrk run measured.
     *
     * @param command       the command line, for the report
     * @param requests      requests completed
     * @param perSecond     requests per second over the run
     * @param p50Ms         median latency, ms
     * @param p99Ms         99th percentile, ms
     * @param maxMs         slowest, ms
     * @param notCreated    answers other than {@code 201}
     * @param socketErrors  connect, read, write errors and timeouts
     */
    record Figures(String command, long requests, double perSecond, double p50Ms, double p99Ms, double maxMs,
                   long notCreated, long socketErrors) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d requests, %.1f/s, p50 %.1f ms, p99 %.1f ms, max %.1f ms, "
                    + "%d not 201, %d socket errors", requests, perSecond, p50Ms, p99Ms, maxMs, notCreated, socketErrors);
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
     * @param connections concurrent connections (a multiple of {@link #THREADS})
     * @param seconds     duration
     * @return the figures
     * @throws IOException           if wrk cannot be run
     * @throws IllegalStateException if wrk fails or prints no figures
     */
    static Figures placeOrders(Path runDir, String gateway, String run, int from, int connections, int seconds)
            throws IOException, InterruptedException {
        Path script = runDir.resolve("orders.lua");
        Files.writeString(script, script(run, from, Tokens.bearer(Tokens.CUSTOMER)));
        List<String> command = new ArrayList<>(List.of("wrk", "-t" + THREADS, "-c" + connections, "-d" + seconds + "s",
                "--timeout", "10s", "--latency", "-s", script.toString(), gateway + "/orders"));
        Path log = runDir.resolve("wrk-orders.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(seconds + 60L, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("wrk failed: see " + log);
        }
        Matcher m = FIGURES.matcher(Files.readString(log));
        if (!m.find()) {
            throw new IllegalStateException("wrk printed no figures: see " + log);
        }
        Map<Integer, Long> v = new HashMap<>();
        for (int i = 1; i <= 7; i++) {
            v.put(i, Long.parseLong(m.group(i)));
        }
        String shown = String.join(" ", command).replace(script.toString(), "orders.lua");
        return new Figures(shown, v.get(1), v.get(1) / (v.get(2) / 1e6), v.get(5) / 1e3, v.get(6) / 1e3,
                v.get(7) / 1e3, v.get(3), v.get(4));
    }

    /** The Lua script: phone per request, the same body as the Gatling scenario, figures on one line. */
    private static String script(String run, int from, String authorization) {
        return """
                -- Written by ./twd bench: POST /orders, each request for its own registered phone.
                local threadCount = 0
                function setup(thread)
                  thread:set("offset", threadCount)
                  threadCount = threadCount + 1
                end
                function init(args)
                  nextPhone = %d + tonumber(offset)
                  notCreated = 0
                end
                function request()
                  local n = nextPhone
                  nextPhone = nextPhone + %d
                  local body = string.format('{"shopId":%%d,"eqpNm":"galaxy_s21","eqpSernum":"bench-%s-%%d",'
                    .. '"customerEmail":"bench-%s-c%%d@bench.example"}', 1 + n %% 10, n, n %% 1000)
                  return wrk.format("POST", nil, {["Content-Type"] = "application/json",
                    ["Accept"] = "application/json", ["Authorization"] = "%s"}, body)
                end
                function response(status, headers, body)
                  if status ~= 201 then notCreated = notCreated + 1 end
                end
                local threads = {}
                local register = setup
                function setup(thread)
                  register(thread)
                  table.insert(threads, thread)
                end
                function done(summary, latency, requests)
                  local bad = 0
                  for _, t in ipairs(threads) do bad = bad + t:get("notCreated") end
                  local e = summary.errors
                  io.write(string.format("twd-wrk requests=%%d micros=%%d not201=%%d socket=%%d p50=%%d p99=%%d max=%%d\\n",
                    summary.requests, summary.duration, bad, e.connect + e.read + e.write + e.timeout,
                    latency:percentile(50), latency:percentile(99), latency.max))
                end
                """.formatted(from, THREADS, run, run, authorization);
    }
}
