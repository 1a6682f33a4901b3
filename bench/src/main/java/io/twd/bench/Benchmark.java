package io.twd.bench;

import io.twd.bench.simulation.Tokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./twd bench}: measures the running system through its gateway and writes
 * {@code docs/benchmarks.md} and {@code docs/benchmarks.svg}. In order:
 * <ol>
 *   <li>the start time of {@code ./twd up} from stopped (warm), and with {@code --cold} from a
 *       fresh clone of the current commit;</li>
 *   <li>the footprint at rest (RSS of each process), then sampled every second under load;</li>
 *   <li>the ceilings: a trivial JAX-RS GET through the gateway, and the broker's persistent
 *       send-and-receive rate ({@code artemis perf client});</li>
 *   <li>phones registered ({@code POST /shops}), orders placed at concurrency 1, 8, 32 and 100,
 *       the same at 32 connections with Debian's {@code wrk} (when installed, {@link Wrk}),
 *       mypage reads, and the full story with the event lag to the mypage and to the
 *       notification.</li>
 * </ol>
 * Each load runs in its own Gatling JVM (a simulation of {@code io.twd.bench.simulation});
 * the figures come from each run's {@link Recorder}. Options: {@code --quick} (a fifth of the
 * work, for a smoke run), {@code --cold}, {@code --no-restart} (keep the running system and
 * skip the warm start time). It measures the topology {@code ./twd up} starts: the five services
 * in one Liberty server, or one server each when run as {@code TWD_TOPOLOGY=servers ./twd bench}.
 */
public final class Benchmark {

    static final List<Integer> ORDER_CONCURRENCY = List.of(1, 8, 32, 100);
    static final Map<Integer, Integer> ORDERS_AT = Map.of(1, 100, 8, 800, 32, 1600, 100, 2000);
    static final int REGISTER_CONCURRENCY = 32;
    static final int READ_CONCURRENCY = 32;
    static final int STORY_CONCURRENCY = 32;
    static final int STORIES = 480;
    static final int CEILING_CONCURRENCY = 32;
    static final int WRK_CONNECTIONS = 32;
    /** Orders per second the phones registered for wrk's scenario allow (it made 265/s here). */
    static final int WRK_MAX_RATE = 600;
    static final int WARM_UP_FROM = 1_000_000;

    private final Path root;
    private final Path runDir;
    private final String run;
    private final String gateway = "http://127.0.0.1:8088";
    private final boolean quick;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Results results = new Results();

    private Benchmark(Path root, boolean quick) {
        this.root = root;
        this.quick = quick;
        this.run = Long.toString(System.currentTimeMillis() / 1000, 36);
        this.runDir = root.resolve("bench/target/runs/" + run);
    }

    /**
     * @param args {@code [--quick] [--cold] [--no-restart]}
     * @throws Exception if a step fails (the message says which)
     */
    public static void main(String[] args) throws Exception {
        List<String> options = List.of(args);
        Path root = Path.of(System.getProperty("twd.root", ".")).toAbsolutePath().normalize();
        Benchmark bench = new Benchmark(root, options.contains("--quick"));
        bench.run(options.contains("--cold"), !options.contains("--no-restart"));
    }

    private int scaled(int n, int multipleOf) {
        int value = quick ? Math.max(multipleOf, n / 5) : n;
        return Math.max(multipleOf, value / multipleOf * multipleOf);
    }

    private int seconds() {
        return quick ? 5 : 15;
    }

    private void run(boolean cold, boolean restart) throws Exception {
        Files.createDirectories(runDir);
        results.facts = MachineFacts.collect(root);
        say("Benchmark run " + run + " on " + results.facts.get("cpu") + " (" + results.facts.get("cores") + " cores)");
        if (cold) {
            results.upColdSeconds = coldStart();
        }
        if (restart) {
            twd("down");
            long start = System.nanoTime();
            twd("up");
            results.upWarmSeconds = (System.nanoTime() - start) / 1e9;
            say(String.format("./twd up (warm): %.1f s", results.upWarmSeconds));
        }
        requireGateway();
        results.facts.put("topology", Footprint.components(root).equals(Footprint.ONE_SERVER_COMPONENTS)
                ? "the five services in one Liberty server (`./twd up`)"
                : "one Liberty server per service (`TWD_TOPOLOGY=servers ./twd up`)");
        sleep(Duration.ofSeconds(10));
        results.rssIdle = Footprint.sample(root);
        say("RSS at rest: " + Footprint.describe(results.rssIdle));

        warmUp();
        long deadBefore = BrokerQueues.deadLetters(root, runDir);
        Footprint.Sampler sampler = new Footprint.Sampler(root);
        sampler.start();
        try {
            results.ceilingGet = gatling("ServiceInfo", "ceiling", CEILING_CONCURRENCY, 0, 0, null)
                    .get("trivial GET");
            results.brokerPerf = BrokerPerf.measure(root, runDir, seconds());
            say("broker persistent send+receive: " + results.brokerPerf);

            int phone = 0;
            int ordersTotal = 0;
            for (int c : ORDER_CONCURRENCY) {
                ordersTotal += scaled(ORDERS_AT.get(c), c);
            }
            int stories = scaled(STORIES, STORY_CONCURRENCY);
            boolean wrk = Wrk.installed();
            // a phone for every order wrk can place, at more than this machine makes, and for the
            // requests still open when it stops: past them it would take the story's phones
            int wrkPhones = wrk ? WRK_MAX_RATE * seconds() + WRK_CONNECTIONS : 0;
            int registrations = (ordersTotal + wrkPhones + stories + REGISTER_CONCURRENCY - 1)
                    / REGISTER_CONCURRENCY * REGISTER_CONCURRENCY;
            results.register = gatling("RegisterPhones", "register", REGISTER_CONCURRENCY, 0, registrations, null)
                    .get("register phone");
            awaitPhonesKnown(registrations, "sentinel");

            Path ids = runDir.resolve("order-ids.txt");
            Files.deleteIfExists(ids);
            for (int c : ORDER_CONCURRENCY) {
                int count = scaled(ORDERS_AT.get(c), c);
                String name = "orders-c" + c;
                Map<String, Long> cpuBefore = Footprint.cpuMillis(root);
                Recorder.Figures placed = gatling("PlaceOrders", name, c, phone, count, null).get("place order");
                results.orders.put(c, placed);
                settle();
                results.cpuPerOrder.put(c, Footprint.cpuMillisPer(cpuBefore, Footprint.cpuMillis(root),
                        placed.count() - placed.errors()));
                phone += count;
                Files.write(ids, Files.readAllLines(runDir.resolve(name + ".json.values")),
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            }
            if (wrk) {
                say(String.format("wrk: %d connections, %d s...", WRK_CONNECTIONS, seconds()));
                results.wrkOrders = Wrk.placeOrders(runDir, gateway, run, phone, WRK_CONNECTIONS, seconds());
                say("  " + results.wrkOrders);
                if (results.wrkOrders.requests() + WRK_CONNECTIONS > wrkPhones) {
                    throw new IllegalStateException("wrk sent " + results.wrkOrders.requests() + " requests, near the "
                            + wrkPhones + " phones registered for it: raise WRK_MAX_RATE");
                }
                settle();
                phone += wrkPhones;
            } else {
                say("wrk: not installed (Debian: apt-get install wrk); its scenario is skipped");
            }
            results.reads = gatling("ReadMypages", "reads", READ_CONCURRENCY, 0, 0, ids).get("read mypage");
            Map<String, Recorder.Figures> story = gatling("FullStory", "story", STORY_CONCURRENCY, phone, stories, null);
            results.story.putAll(story);
        } finally {
            sampler.stop();
        }
        settle();
        results.deadLettered = BrokerQueues.deadLetters(root, runDir) - deadBefore;
        say("events dead-lettered during the measured scenarios: " + results.deadLettered);
        results.rssLoad = sampler.peaks();
        results.rssLoadTotalPeak = sampler.totalPeak();
        say("RSS peak under load: " + Footprint.describe(results.rssLoad) + ", all together at once "
                + results.rssLoadTotalPeak / 1024 + " MiB");

        Path docs = root.resolve("docs");
        Report.write(results, docs.resolve("benchmarks.md"), docs.resolve("benchmarks.svg"), quick);
        Files.writeString(runDir.resolve("results.txt"), results.toString());
        say("Wrote docs/benchmarks.md and docs/benchmarks.svg (raw runs in " + root.relativize(runDir) + ")");
    }

    /**
     * Warms the servers' JIT and pools with every scenario once (phones from index
     * {@value #WARM_UP_FROM} on, so they do not collide with the measured ones); not reported.
     */
    private void warmUp() throws IOException, InterruptedException {
        int phones = quick ? 320 : 640;
        say("Warming up (not measured)...");
        gatling("ServiceInfo", "warmup-get", 8, 0, 0, null);
        gatling("RegisterPhones", "warmup-register", REGISTER_CONCURRENCY, WARM_UP_FROM, phones, null);
        awaitPhonesKnown(phones, "warmup");
        gatling("PlaceOrders", "warmup-orders", 8, WARM_UP_FROM, phones / 2, null);
        gatling("FullStory", "warmup-story", STORY_CONCURRENCY, WARM_UP_FROM + phones / 2, phones / 2, null);
        settle();
    }

    /**
     * Runs one simulation in its own JVM and reads back what its recorder wrote.
     */
    private Map<String, Recorder.Figures> gatling(String simulation, String name, int concurrency, int from,
                                                 int count, Path ids) throws IOException, InterruptedException {
        Path out = runDir.resolve(name + ".json");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms256m", "-Xmx1g", "-XX:+UseParallelGC", "-XX:MaxInlineLevel=20", "-XX:MaxTrivialSize=12",
                "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"),
                "-Dbench.gateway=" + gateway, "-Dbench.run=" + run,
                "-Dbench.concurrency=" + concurrency, "-Dbench.from=" + from, "-Dbench.count=" + count,
                "-Dbench.seconds=" + seconds(), "-Dbench.out=" + out,
                "-Dgatling.data.enableAnalytics=false", "-Dgatling.data.console.light=true"));
        if (ids != null) {
            command.add("-Dbench.ids=" + ids);
        }
        command.addAll(List.of("io.gatling.app.Gatling", "-s", "io.twd.bench.simulation." + simulation,
                "-rf", runDir.resolve("gatling").toString(), "-nr"));
        say(String.format("%s: %d virtual users%s...", name, concurrency, count > 0 ? ", " + count + " phones" : ""));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(runDir.resolve(name + ".log").toFile()).start();
        if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("Gatling run " + name + " failed: see " + runDir.resolve(name + ".log"));
        }
        Map<String, Recorder.Figures> figures = Recorder.read(out);
        figures.forEach((metric, f) -> say("  " + metric + ": " + f));
        return figures;
    }

    /** The order service learns of phones from EqpRegistered; a sentinel registered last tells when all arrived. */
    private void awaitPhonesKnown(int registrations, String sentinel) throws IOException, InterruptedException {
        String sernum = "bench-" + run + "-" + sentinel;
        String phone = "{\"shopId\":1,\"eqpNm\":\"galaxy_s21\",\"eqpSernum\":\"" + sernum + "\"}";
        int status = post(Tokens.MANAGER, "/shops", phone);
        if (status != 201) {
            throw new IllegalStateException("registering the sentinel phone answered " + status);
        }
        String order = "{\"shopId\":1,\"eqpNm\":\"galaxy_s21\",\"eqpSernum\":\"" + sernum + "\"}";
        Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
        long start = System.nanoTime();
        while ((status = post(Tokens.CUSTOMER, "/orders", order)) != 201) {
            if (Instant.now().isAfter(deadline) || (status != 422 && status != 503)) {
                throw new IllegalStateException("the order service did not learn of the phones: " + status);
            }
            sleep(Duration.ofMillis(200));
        }
        say(String.format("  the order service knew all %d phones %.1f s after the last registration",
                registrations, (System.nanoTime() - start) / 1e9));
    }

    /**
     * Lets the consumers catch up with the events of the previous load before the next one:
     * waits until every subscription queue on the broker is empty twice in a row (at most 5 min).
     */
    private void settle() throws IOException, InterruptedException {
        long start = System.nanoTime();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        int quiet = 0;
        while (quiet < 2 && Instant.now().isBefore(deadline)) {
            quiet = BrokerQueues.pendingEvents(root, runDir) == 0 ? quiet + 1 : 0;
            sleep(Duration.ofMillis(500));
        }
        say(String.format("  consumers caught up (%.1f s)", (System.nanoTime() - start) / 1e9));
    }

    private int post(String user, String path, String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", Tokens.bearer(user))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private void requireGateway() throws InterruptedException {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + "/health")).timeout(Duration.ofSeconds(5)).build();
            if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                return;
            }
        } catch (IOException e) {
            // reported below
        }
        throw new IllegalStateException("the gateway does not answer on " + gateway + ": ./twd up first");
    }

    private double coldStart() throws IOException, InterruptedException {
        Path clone = Files.createTempDirectory("twd-cold-");
        try {
            exec(root, "git", "clone", "--quiet", root.toString(), clone.toString());
            twd("down");
            long start = System.nanoTime();
            exec(clone, "./twd", "up");
            double seconds = (System.nanoTime() - start) / 1e9;
            exec(clone, "./twd", "down");
            say(String.format("./twd up from a fresh clone (cold): %.1f s", seconds));
            twd("up");
            return seconds;
        } finally {
            exec(root, "rm", "-rf", clone.toString());
        }
    }

    private void twd(String command) throws IOException, InterruptedException {
        exec(root, "./twd", command);
    }

    private static void exec(Path dir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue() + ")");
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void say(String line) {
        System.out.println(line);
    }
}
