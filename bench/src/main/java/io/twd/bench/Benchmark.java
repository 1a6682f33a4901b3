package io.twd.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.twd.bench.simulation.Tokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./twd bench}: measures the running system through its gateway and writes
 * {@code docs/benchmarks.md} with its plots. In order:
 * <ol>
 *   <li>the facts of the run (machine, commit, topology, the machine's load); with
 *       {@code --cold} the start from a fresh clone; then it restarts the system ({@code ./twd down},
 *       {@code ./twd up}) with {@link #SYSTEM_SETTINGS} (limits meant for people set out of the
 *       load's way) on empty service databases and an empty broker journal ({@link #emptyData()};
 *       the realm stays), and times the start;</li>
 *   <li>a warm-up of every scenario, not measured; the footprint at rest, then sampled under load;</li>
 *   <li>the ceilings: a trivial JAX-RS GET through the gateway, and the broker's persistent
 *       send-and-receive rate ({@code artemis perf client});</li>
 *   <li><b>sustained</b>: {@code wrk} at {@value #SUSTAINED_CONNECTIONS} connections for
 *       {@value #SUSTAINED_SECONDS} s on {@code POST /orders}, then until every subscription queue
 *       is empty again: orders accepted, refused by status, the in-window rate, the drain time,
 *       the sustained rate (accepted over window plus drain), the queue depth over time, CPU per
 *       order by process, the event lags from the consumers' own metric ({@link EventLags});</li>
 *   <li><b>concurrency 1</b>, after the queues are empty: orders one at a time;</li>
 *   <li><b>open model</b>: Gatling's open injection at {@link #OPEN_RATES} orders per second,
 *       {@value #OPEN_SECONDS} s each, p50/p99 per rate, until a rate is not held (an error, or
 *       queues not empty within {@value #BOUNDED_DRAIN_S} s of its end);</li>
 *   <li>mypage reads, and the full story (place, then ship or cancel) with its event lags.</li>
 * </ol>
 * Every order is for its own registered phone, by one of the realm's {@value Tokens#BENCH_CUSTOMERS}
 * bench customers. Between scenarios it waits until the subscription queues and the services'
 * outboxes are empty, so that a scenario does not pay for the events of the one before. Each load
 * runs in its own process (a Gatling simulation of {@code io.twd.bench.simulation}, or wrk). Raw
 * numbers go to {@code bench/target/runs/<run>/} (and, for a full run, {@code docs/bench-runs/}).
 *
 * <p>Options: {@code --quick} (short steps, for a smoke run), {@code --cold}, {@code --no-restart}
 * (keep the running system: its own limits and data then apply), {@code --keep-data} (restart,
 * but on the data there is), {@code --only=<step,...>} (of
 * {@code ceilings, sustained, one, open, reads, story}). It measures the topology {@code ./twd up}
 * starts: the five services in one Liberty server, or one server each when run as
 * {@code TWD_TOPOLOGY=servers ./twd bench}.
 */
public final class Benchmark {

    static final int SUSTAINED_CONNECTIONS = 32;
    static final int SUSTAINED_SECONDS = 180;
    /** Orders per second the phones registered for the sustained scenario allow (well above what this machine makes). */
    static final int SUSTAINED_MAX_RATE = 600;
    static final List<Integer> OPEN_RATES = List.of(50, 100, 150, 200, 250, 300, 400, 500);
    static final int OPEN_SECONDS = 60;
    /** A step of the open model is held when its queues are empty again this soon after it (s). */
    static final double BOUNDED_DRAIN_S = 10;
    static final int ONE_ORDERS = 200;
    static final int REGISTER_CONCURRENCY = 32;
    static final int READ_CONCURRENCY = 32;
    static final int READ_SECONDS = 15;
    static final int STORY_CONCURRENCY = 32;
    static final int STORIES = 480;
    static final int CEILING_CONCURRENCY = 32;
    static final int WARM_UP_FROM = 1_000_000;
    static final Set<String> STEPS = Set.of("ceilings", "sustained", "one", "open", "reads", "story");

    /**
     * The environment the benchmark starts the system with: the limits meant for people, set out of
     * the load's way (read by the order service and by the gateway's configuration; harmless where
     * a version does not read them).
     */
    static final Map<String, String> SYSTEM_SETTINGS = Map.of(
            "ORDER_ACTIVE_ORDERS_MAX", "1000000",
            "GATEWAY_WRITE_RATE", "100000",
            "GATEWAY_WRITE_BURST", "100000",
            "GATEWAY_STREAMS_PER_CLIENT", "1000");

    private static final Duration SETTLE_LIMIT = Duration.ofMinutes(20);

    private final Path root;
    private final Path runDir;
    private final String run;
    private final String gateway = "http://127.0.0.1:8088";
    private final boolean quick;
    private final Set<String> steps;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final BrokerQueues queues = new BrokerQueues();
    private final Results results = new Results();
    private final Path tokens;
    private final Path ids;
    private int phone;

    private Benchmark(Path root, boolean quick, Set<String> steps) {
        this.root = root;
        this.quick = quick;
        this.steps = steps;
        this.run = Long.toString(System.currentTimeMillis() / 1000, 36);
        this.runDir = root.resolve("bench/target/runs/" + run);
        this.tokens = runDir.resolve("tokens.txt");
        this.ids = runDir.resolve("order-ids.txt");
    }

    /**
     * @param args {@code [--quick] [--cold] [--no-restart] [--keep-data] [--only=step,...]}
     * @throws Exception if a step fails (the message says which)
     */
    public static void main(String[] args) throws Exception {
        List<String> options = List.of(args);
        Set<String> steps = new TreeSet<>(STEPS);
        for (String option : options) {
            if (option.startsWith("--only=")) {
                steps = new TreeSet<>(List.of(option.substring("--only=".length()).split(",")));
                if (!STEPS.containsAll(steps)) {
                    throw new IllegalArgumentException("--only takes some of " + STEPS + ": " + steps);
                }
            } else if (!Set.of("--quick", "--cold", "--no-restart", "--keep-data").contains(option)) {
                throw new IllegalArgumentException("unknown option " + option
                        + "; usage: ./twd bench [--quick] [--cold] [--no-restart] [--keep-data] [--only=step,...]");
            }
        }
        Path root = Path.of(System.getProperty("twd.root", ".")).toAbsolutePath().normalize();
        Benchmark bench = new Benchmark(root, options.contains("--quick"), steps);
        try {
            bench.run(options.contains("--cold"), !options.contains("--no-restart"), options.contains("--keep-data"));
        } finally {
            bench.queues.close();
        }
    }

    private int sustainedSeconds() {
        return quick ? 60 : SUSTAINED_SECONDS;
    }

    private int openSeconds() {
        return quick ? 30 : OPEN_SECONDS;
    }

    private void run(boolean cold, boolean restart, boolean keepData) throws Exception {
        Files.createDirectories(runDir);
        results.facts = MachineFacts.collect(root);
        load("run");
        say("Benchmark run " + run + ": " + results.facts);
        if (cold) {
            results.upColdSeconds = coldStart();
        }
        if (restart) {
            twd("down");
            if (keepData) {
                results.facts.put("data", "kept from before the run (--keep-data)");
            } else {
                emptyData();
                results.facts.put("data", "empty service databases and broker journal at the start");
            }
            long start = System.nanoTime();
            twd("up");
            results.upWarmSeconds = (System.nanoTime() - start) / 1e9;
            results.settings.putAll(new java.util.TreeMap<>(SYSTEM_SETTINGS));
            say(String.format("./twd up (warm): %.1f s, with %s", results.upWarmSeconds, SYSTEM_SETTINGS));
        } else {
            results.settings.put("(all)", "those the running system was started with (--no-restart)");
            say("warning: --no-restart: the running system's own limits apply (the bench starts it with "
                    + SYSTEM_SETTINGS + ")");
        }
        requireGateway();
        results.facts.put("topology", oneServer()
                ? "the five services in one Liberty server (`./twd up`)"
                : "one Liberty server per service (`TWD_TOPOLOGY=servers ./twd up`)");
        writeTokens(Duration.ofMinutes(4));
        sleep(Duration.ofSeconds(10));
        results.rssIdle = Footprint.sample(root);
        say("RSS at rest: " + Footprint.describe(results.rssIdle));

        warmUp();
        long deadBefore = queues.scrape().deadLetters();
        Footprint.Sampler footprint = new Footprint.Sampler(root);
        footprint.start();
        try {
            if (steps.contains("ceilings")) {
                ceilings();
            }
            if (steps.contains("sustained") || steps.contains("one")) {
                int sustainedPhones = steps.contains("sustained")
                        ? SUSTAINED_MAX_RATE * sustainedSeconds() + SUSTAINED_CONNECTIONS : 0;
                int first = registerPhones(sustainedPhones + (steps.contains("one") ? ONE_ORDERS : 0), "orders");
                if (steps.contains("sustained")) {
                    results.sustained = sustained(first, sustainedPhones);
                }
                if (steps.contains("one")) {
                    concurrencyOne(first + sustainedPhones);
                }
            }
            if (steps.contains("open")) {
                for (int rate : quick ? List.of(50, 100, 150) : OPEN_RATES) {
                    Results.OpenStep step = openStep(rate);
                    results.open.add(step);
                    if (!step.held()) {
                        break;
                    }
                }
            }
            if (steps.contains("reads") && Files.exists(ids)) {
                writeTokens(Duration.ofMinutes(2));
                load("reads");
                results.reads = gatling("ReadMypages", "reads", READ_CONCURRENCY, 0, 0, 0, quick ? 5 : READ_SECONDS)
                        .get("read mypage");
            }
            if (steps.contains("story")) {
                story();
            }
        } finally {
            footprint.stop();
        }
        results.deadLettered = queues.scrape().deadLetters() - deadBefore;
        say("events dead-lettered during the measured scenarios: " + results.deadLettered);
        results.rssLoad = footprint.peaks();
        results.rssLoadTotalPeak = footprint.totalPeak();
        say("RSS peak under load: " + Footprint.describe(results.rssLoad) + ", all together at once "
                + results.rssLoadTotalPeak / 1024 + " MiB");

        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        json.writeValue(runDir.resolve("results.json").toFile(), results);
        Path docs = root.resolve("docs");
        boolean full = !quick && steps.equals(STEPS);
        // a full run's figures head docs/benchmarks.md; a partial or quick one's stay in its run folder
        Path reportDir = full ? docs : runDir;
        Report.write(results, reportDir.resolve("benchmarks.md"), reportDir, !full);
        if (full) {
            Path kept = docs.resolve("bench-runs");
            Files.createDirectories(kept);
            String name = results.facts.get("date").replaceAll("[^0-9]", "").substring(0, 12) + "-"
                    + results.facts.get("commit").split(" ")[0] + (oneServer() ? "" : "-servers");
            Files.copy(runDir.resolve("results.json"), kept.resolve(name + ".json"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        say("Wrote " + root.relativize(reportDir.resolve("benchmarks.md")) + " and its plots (raw numbers in "
                + root.relativize(runDir) + (full ? " and docs/bench-runs/" : "") + ")");
    }

    /** The ceilings: a trivial GET through the gateway, and the broker's own persistent rate. */
    private void ceilings() throws IOException, InterruptedException {
        load("ceilings");
        results.ceilingGet = gatling("ServiceInfo", "ceiling", CEILING_CONCURRENCY, 0, 0, 0, quick ? 5 : 15)
                .get("trivial GET");
        results.brokerPerf = BrokerPerf.measure(root, runDir, quick ? 5 : 15);
        say("broker persistent send+receive: " + results.brokerPerf);
        settle("ceilings");
    }

    /**
     * wrk on {@code POST /orders} at {@value #SUSTAINED_CONNECTIONS} connections, then until every
     * subscription queue is empty: the sustained rate is what was accepted over both.
     */
    private Results.Sustained sustained(int first, int phones) throws IOException, InterruptedException {
        if (!Wrk.installed()) {
            throw new IllegalStateException("the sustained scenario needs wrk: apt-get install wrk");
        }
        writeTokens(Duration.ofSeconds(sustainedSeconds() + 60L));
        load("sustained");
        say(String.format("sustained: wrk, %d connections, %d s, then until the queues are empty...",
                SUSTAINED_CONNECTIONS, sustainedSeconds()));
        Map<String, EventLags.Histogram> lagsBefore = EventLags.scrape(client, metricsEndpoints());
        Map<String, Long> cpuBefore = Footprint.cpuMillis(root);
        QueueSampler sampler = new QueueSampler(queues, Duration.ofSeconds(2));
        sampler.start();
        Wrk.Figures wrk = Wrk.placeOrders(runDir, gateway, run, first, tokens, SUSTAINED_CONNECTIONS, sustainedSeconds());
        double windowEnd = sampler.elapsed();
        say("  " + wrk);
        double drainedAt = awaitEmptyQueues(sampler::elapsed);
        Map<String, Long> cpuAfter = Footprint.cpuMillis(root);
        List<QueueSampler.Sample> samples = sampler.stop();
        Map<String, EventLags.Lag> lags = EventLags.between(lagsBefore, EventLags.scrape(client, metricsEndpoints()));
        QueueSampler.writeCsv(samples, runDir.resolve("queues-sustained.csv"));
        if (wrk.requests() + SUSTAINED_CONNECTIONS > phones) {
            throw new IllegalStateException("wrk sent " + wrk.requests() + " requests, near the " + phones
                    + " phones registered for it: raise SUSTAINED_MAX_RATE");
        }
        double drain = Math.max(0, drainedAt - windowEnd);
        double sustainedRate = wrk.accepted() / (wrk.seconds() + drain);
        long maxDepth = samples.stream().mapToLong(QueueSampler.Sample::total).max().orElse(0);
        Map<String, Double> cpu = Footprint.cpuMillisPer(cpuBefore, cpuAfter, wrk.accepted());
        say(String.format(Locale.ROOT, "  accepted %d, refused %s; in-window %.1f/s, drained %.1f s later: "
                        + "sustained %.1f orders/s; most waiting %d; CPU per order %s ms", wrk.accepted(), wrk.refused(),
                wrk.accepted() / wrk.seconds(), drain, sustainedRate, maxDepth, cpu));
        lags.forEach((s, l) -> say("  lag " + s + ": " + l));
        phone = Math.max(phone, first + phones);
        return new Results.Sustained(wrk, wrk.seconds(), drain, sustainedRate, maxDepth, cpu, lags, samples);
    }

    /** Orders one at a time, after the queues are empty; CPU per order until they are empty again. */
    private void concurrencyOne(int first) throws IOException, InterruptedException {
        settle("before concurrency 1");
        writeTokens(Duration.ofMinutes(3));
        load("concurrency 1");
        Map<String, Long> cpuBefore = Footprint.cpuMillis(root);
        results.concurrencyOne = gatling("PlaceOrders", "orders-c1", 1, first, quick ? 50 : ONE_ORDERS, 0, 0)
                .get("place order");
        settle("concurrency 1");
        results.cpuPerOrderAtOne = Footprint.cpuMillisPer(cpuBefore, Footprint.cpuMillis(root),
                results.concurrencyOne.count() - results.concurrencyOne.errors());
        Files.write(ids, Files.readAllLines(runDir.resolve("orders-c1.json.values")),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        phone = Math.max(phone, first + ONE_ORDERS);
    }

    /** One step of the open model: its phones registered first, then {@code rate} arrivals per second. */
    private Results.OpenStep openStep(int rate) throws IOException, InterruptedException {
        int count = rate * openSeconds();
        // random (Poisson) arrivals are not exactly rate x seconds: a full run's 60 s at 50/s
        // brought 3,054 customers for 3,050 phones, and the last four re-ordered one (409);
        // a tenth more is above 5 standard deviations at every rate of the ladder
        int phones = count + count / 10 + rate;
        int first = registerPhones(phones, "open " + rate);
        writeTokens(Duration.ofSeconds(openSeconds() + 60L));
        load("open " + rate);
        Map<String, EventLags.Histogram> lagsBefore = EventLags.scrape(client, metricsEndpoints());
        QueueSampler sampler = new QueueSampler(queues, Duration.ofSeconds(2));
        sampler.start();
        Recorder.Figures orders = gatling("OpenOrders", "open-" + rate, 0, first, phones, rate, openSeconds())
                .get("place order");
        double end = sampler.elapsed();
        double drainedAt = awaitEmptyQueues(sampler::elapsed);
        List<QueueSampler.Sample> samples = sampler.stop();
        Map<String, EventLags.Lag> lags = EventLags.between(lagsBefore, EventLags.scrape(client, metricsEndpoints()));
        QueueSampler.writeCsv(samples, runDir.resolve("queues-open-" + rate + ".csv"));
        Files.write(ids, Files.readAllLines(runDir.resolve("open-" + rate + ".json.values")),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        double drain = Math.max(0, drainedAt - end);
        long maxDepth = samples.stream().mapToLong(QueueSampler.Sample::total).max().orElse(0);
        boolean held = orders != null && orders.errors() == 0 && drain <= BOUNDED_DRAIN_S;
        say(String.format(Locale.ROOT, "  open %d/s: %s; most waiting %d, drained %.1f s after: %s", rate, orders,
                maxDepth, drain, held ? "held" : "NOT held"));
        phone = Math.max(phone, first + count + rate);
        return new Results.OpenStep(rate, orders, maxDepth, drain, held, lags);
    }

    /** The full story, with the event lags of its window from the consumers' metric. */
    private void story() throws IOException, InterruptedException {
        int stories = quick ? STORY_CONCURRENCY * 3 : STORIES;
        int first = registerPhones(stories, "story");
        writeTokens(Duration.ofMinutes(3));
        load("story");
        Map<String, EventLags.Histogram> lagsBefore = EventLags.scrape(client, metricsEndpoints());
        results.story.putAll(gatling("FullStory", "story", STORY_CONCURRENCY, first, stories, 0, 0));
        settle("story");
        results.storyLags = EventLags.between(lagsBefore, EventLags.scrape(client, metricsEndpoints()));
        results.storyLags.forEach((s, l) -> say("  lag " + s + ": " + l));
    }

    /**
     * Warms the servers' JIT and pools with every scenario once (phones from index
     * {@value #WARM_UP_FROM} on, so they do not collide with the measured ones); not reported.
     */
    private void warmUp() throws IOException, InterruptedException {
        int phones = quick ? 320 : 640;
        say("Warming up (not measured)...");
        load("warm-up");
        gatling("ServiceInfo", "warmup-get", 8, 0, 0, 0, 5);
        gatling("RegisterPhones", "warmup-register", REGISTER_CONCURRENCY, WARM_UP_FROM, phones, 0, 0);
        awaitPhonesKnown("warmup");
        gatling("PlaceOrders", "warmup-orders", 8, WARM_UP_FROM, phones / 2, 0, 0);
        gatling("FullStory", "warmup-story", STORY_CONCURRENCY, WARM_UP_FROM + phones / 2, phones / 2, 0, 0);
        settle("warm-up");
    }

    /**
     * Registers phones for the next scenario and waits until the order service knows them all and
     * every queue is empty, so that the scenario does not pay for their events.
     *
     * @return the index of the first of them
     */
    private int registerPhones(int count, String forWhat) throws IOException, InterruptedException {
        int rounded = (count + REGISTER_CONCURRENCY - 1) / REGISTER_CONCURRENCY * REGISTER_CONCURRENCY;
        int first = phone;
        writeTokens(Duration.ofMinutes(3));
        Recorder.Figures registered = gatling("RegisterPhones", "register-" + forWhat.replace(' ', '-'),
                REGISTER_CONCURRENCY, first, rounded, 0, 0).get("register phone");
        if (results.register == null || registered.count() > results.register.count()) {
            results.register = registered;
        }
        phone = first + rounded;
        awaitPhonesKnown(forWhat.replace(' ', '-'));
        settle("registrations for " + forWhat);
        return first;
    }

    /**
     * Runs one simulation in its own JVM and reads back what its recorder wrote.
     */
    private Map<String, Recorder.Figures> gatling(String simulation, String name, int concurrency, int from,
                                                 int count, int rate, int seconds) throws IOException, InterruptedException {
        Path out = runDir.resolve(name + ".json");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms256m", "-Xmx1g", "-XX:+UseParallelGC", "-XX:MaxInlineLevel=20", "-XX:MaxTrivialSize=12",
                "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"),
                "-Dbench.gateway=" + gateway, "-Dbench.run=" + run,
                "-Dbench.concurrency=" + Math.max(1, concurrency), "-Dbench.from=" + from, "-Dbench.count=" + count,
                "-Dbench.rate=" + rate, "-Dbench.seconds=" + seconds, "-Dbench.out=" + out,
                "-Dbench.tokens=" + tokens, "-Dbench.ids=" + ids,
                "-Dgatling.data.enableAnalytics=false", "-Dgatling.data.console.light=true",
                "io.gatling.app.Gatling", "-s", "io.twd.bench.simulation." + simulation,
                "-rf", runDir.resolve("gatling").toString(), "-nr"));
        say(String.format("%s: %s%s...", name, rate > 0 ? rate + " arrivals/s for " + seconds + " s"
                : concurrency + " virtual users", count > 0 ? ", " + count + " phones" : ""));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(runDir.resolve(name + ".log").toFile()).start();
        if (!process.waitFor(60, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("Gatling run " + name + " failed: see " + runDir.resolve(name + ".log"));
        }
        Map<String, Recorder.Figures> figures = Recorder.read(out);
        figures.forEach((metric, f) -> say("  " + metric + ": " + f));
        return figures;
    }

    /** The order service learns of phones from EqpRegistered; a sentinel registered last tells when all arrived. */
    private void awaitPhonesKnown(String sentinel) throws IOException, InterruptedException {
        String sernum = "bench-" + run + "-" + sentinel;
        String phone = "{\"shopId\":1,\"eqpNm\":\"galaxy_s21\",\"eqpSernum\":\"" + sernum + "\"}";
        int status = post(Tokens.MANAGER, "/shops", phone);
        if (status != 201) {
            throw new IllegalStateException("registering the sentinel phone answered " + status);
        }
        Instant deadline = Instant.now().plus(SETTLE_LIMIT);
        long start = System.nanoTime();
        while ((status = post(Tokens.customer(0), "/orders", phone)) != 201) {
            if (Instant.now().isAfter(deadline) || (status != 422 && status != 503)) {
                throw new IllegalStateException("the order service did not learn of the phones: " + status);
            }
            sleep(Duration.ofMillis(500));
        }
        say(String.format("  the order service knew the phones %.1f s after the last registration",
                (System.nanoTime() - start) / 1e9));
    }

    /**
     * Waits until every subscription queue and every publishing service's outbox are empty on two
     * samples in a row ({@link OutboxBacklog}: an event the relay has not sent yet is on no queue).
     *
     * @param clock seconds on the scenario's clock
     * @return the clock's time at the first of those two samples, s
     */
    private double awaitEmptyQueues(java.util.function.DoubleSupplier clock) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(SETTLE_LIMIT);
        double firstEmpty = -1;
        while (Instant.now().isBefore(deadline)) {
            double now = clock.getAsDouble();
            // the outboxes only once the queues are empty: an event still in an outbox is on no queue
            if (queues.scrape().pending() == 0 && OutboxBacklog.scrape(client, metricsEndpoints()) == 0) {
                if (firstEmpty >= 0) {
                    return firstEmpty;
                }
                firstEmpty = now;
            } else {
                firstEmpty = -1;
            }
            sleep(Duration.ofMillis(500));
        }
        throw new IllegalStateException("the subscription queues and the outboxes were not empty "
                + SETTLE_LIMIT.toMinutes() + " min after the load: " + queues.scrape().subscriptions() + ", "
                + OutboxBacklog.scrape(client, metricsEndpoints()) + " events in the outboxes");
    }

    /**
     * Lets the consumers catch up with the events of the previous load before the next one.
     */
    private void settle(String after) throws IOException, InterruptedException {
        long start = System.nanoTime();
        awaitEmptyQueues(() -> (System.nanoTime() - start) / 1e9);
        say(String.format("  queues empty after %s (%.1f s)", after, (System.nanoTime() - start) / 1e9));
    }

    /** Writes the tokens file: the bench customers (in order), the manager and staff. */
    private void writeTokens(Duration validFor) throws IOException {
        List<String> users = new ArrayList<>(Tokens.customers());
        users.add(Tokens.MANAGER);
        users.add(Tokens.STAFF);
        Tokens.write(tokens, users, validFor);
    }

    /** @return the services' metrics endpoints: the one server's, or each service's own */
    private List<URI> metricsEndpoints() {
        if (oneServer()) {
            return List.of(URI.create("http://127.0.0.1:8080/metrics"));
        }
        return java.util.stream.IntStream.rangeClosed(8081, 8085)
                .mapToObj(p -> URI.create("http://127.0.0.1:" + p + "/metrics")).toList();
    }

    private boolean oneServer() {
        return Footprint.components(root).equals(Footprint.ONE_SERVER_COMPONENTS);
    }

    /** Notes the machine's load average at the start of a step, in the results and the output. */
    private void load(String step) {
        String load = MachineFacts.loadAverage();
        results.loadAtStart.put(step, load);
        say("[" + step + "] load average " + load);
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
            exec(root, Map.of(), "git", "clone", "--quiet", root.toString(), clone.toString());
            twd("down");
            long start = System.nanoTime();
            exec(clone, SYSTEM_SETTINGS, "./twd", "up");
            double seconds = (System.nanoTime() - start) / 1e9;
            exec(clone, Map.of(), "./twd", "down");
            say(String.format("./twd up from a fresh clone (cold): %.1f s", seconds));
            twd("up");
            return seconds;
        } finally {
            exec(root, Map.of(), "rm", "-rf", clone.toString());
        }
    }

    /**
     * Deletes the five services' databases and the broker's journal (the system is down), so that
     * every run starts from the same data: placing an order reads the customer's active orders and
     * the consumers look up what earlier events wrote, so their cost grows with the orders a run
     * finds (a run on the orders of earlier runs measured less than a run without them). The
     * identity provider's realm stays; {@code ./twd up} makes the rest again.
     */
    private void emptyData() throws IOException, InterruptedException {
        Path state = root.resolve(".twd");
        List<String> command = new ArrayList<>(List.of("rm", "-rf", state.resolve("broker/data").toString()));
        for (String service : List.of("shop", "order", "delivery", "message", "mypage")) {
            command.add(state.resolve("servers").resolve(service).resolve("db").toString());
        }
        exec(root, Map.of(), command.toArray(String[]::new));
        say("Emptied the services' databases and the broker's journal (the realm stays): every run starts"
                + " from the same data (--keep-data keeps them)");
    }

    private void twd(String command) throws IOException, InterruptedException {
        exec(root, command.equals("up") ? SYSTEM_SETTINGS : Map.of(), "./twd", command);
    }

    private static void exec(Path dir, Map<String, String> environment, String... command)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).inheritIO();
        builder.environment().putAll(environment);
        Process process = builder.start();
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
