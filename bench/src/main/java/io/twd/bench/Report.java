package io.twd.bench;

import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Renders {@link Results} into Markdown between the markers {@value #BEGIN} and {@value #END}
 * (what stands outside them, the analysis, is kept), with two plots: the depth of the
 * subscription queues over the sustained scenario ({@value #QUEUES_PLOT}) and the latency of the
 * open model against the arrival rate ({@value #OPEN_PLOT}).
 */
final class Report {

    static final String BEGIN = "<!-- bench:begin (written by ./twd bench) -->";
    static final String END = "<!-- bench:end -->";
    static final String QUEUES_PLOT = "benchmarks.svg";
    static final String OPEN_PLOT = "benchmarks-open.svg";

    /** The mypage's subscription to order events: its lag is the read model's. */
    static final String MYPAGE_LAG = "mypage.order-events";
    /** The message service's subscription to order events: its lag is the notification's being recorded. */
    static final String NOTIFICATION_LAG = "message.order-events";

    private Report() {
    }

    /**
     * @param r        the run's results
     * @param markdown the file to write the figures into (created with the markers if missing)
     * @param plots    the folder the plots go to (beside the Markdown)
     * @param partial  true for a run of some steps or a short one: the heading says so
     * @throws IOException if a file cannot be written
     */
    static void write(Results r, Path markdown, Path plots, boolean partial) throws IOException {
        String figures = figures(r, partial);
        String text = Files.exists(markdown) ? Files.readString(markdown) : "# Benchmarks\n\n" + BEGIN + "\n" + END + "\n";
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            text = text + "\n" + BEGIN + "\n" + END + "\n";
            begin = text.indexOf(BEGIN);
            end = text.indexOf(END);
        }
        Files.writeString(markdown, text.substring(0, begin + BEGIN.length()) + "\n" + figures + text.substring(end));
        plotQueues(r, plots.resolve(QUEUES_PLOT));
        plotOpen(r, plots.resolve(OPEN_PLOT));
    }

    private static String figures(Results r, boolean partial) {
        StringBuilder md = new StringBuilder();
        md.append("\n## Figures of the last run").append(partial ? " (some steps only, or --quick)" : "").append("\n\n");
        md.append("| machine | |\n|---|---|\n");
        r.facts.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        md.append("| load average at the start (1, 5, 15 min) | ").append(r.loadAtStart.getOrDefault("run", "unknown"))
                .append(" |\n");

        Results.Sustained s = r.sustained;
        if (s != null) {
            md.append(String.format(Locale.ROOT, "%n**Sustained: %s orders/s**: %,d orders accepted in %.0f s at %d "
                            + "connections (%s/s in the window), and every subscription queue empty again %.1f s after "
                            + "it; %s; %s ms of CPU per order.%n", fmt(s.sustainedPerSecond()), s.wrk().accepted(),
                    s.windowSeconds(), Benchmark.SUSTAINED_CONNECTIONS, fmt(s.wrk().accepted() / s.windowSeconds()),
                    s.drainSeconds(), refused(s.wrk()), fmt(total(s.cpuPerOrder()))));
        }

        md.append("\n### Against the targets\n\n| target | measured | met |\n|---|---|---|\n");
        if (s != null) {
            long refused = s.wrk().refused().values().stream().mapToLong(Long::longValue).sum() + s.wrk().socketErrors();
            md.append(row("0 refused orders in the sustained run at 32 connections", refused + " refused", refused == 0));
            md.append(row("sustained rate >= 200 orders/s (on the way to 500)", fmt(s.sustainedPerSecond()) + " orders/s",
                    s.sustainedPerSecond() >= 200));
            double cpu = total(s.cpuPerOrder());
            md.append(row("CPU per order <= 7.5 ms (all processes)", fmt(cpu) + " ms", cpu <= 7.5));
        }
        Results.OpenStep at150 = r.open.stream().filter(o -> o.rate() == 150).findFirst().orElse(null);
        if (at150 != null && at150.orders() != null) {
            md.append(row("open model at 150 orders/s: p99 <= 250 ms with 0 errors",
                    fmt(at150.orders().p99Ms()) + " ms, " + at150.orders().errors() + " errors",
                    at150.orders().p99Ms() <= 250 && at150.orders().errors() == 0));
        }
        if (!r.open.isEmpty()) {
            md.append("| open model: the highest rate held (0 errors, queues empty within ")
                    .append(fmt(Benchmark.BOUNDED_DRAIN_S)).append(" s) | ").append(highestHeld(r)).append(" | |\n");
        }
        if (r.concurrencyOne != null) {
            md.append(row("place order at concurrency 1: p50 <= 10 ms", fmt(r.concurrencyOne.p50Ms()) + " ms",
                    r.concurrencyOne.p50Ms() <= 10));
        }
        if (s != null && s.lags().containsKey(MYPAGE_LAG)) {
            double p99 = s.lags().get(MYPAGE_LAG).p99Ms();
            md.append(row("mypage lag p99 <= 200 ms under load (sustained, `" + MYPAGE_LAG + "`)", fmt(p99) + " ms", p99 <= 200));
        }
        if (s != null && s.lags().containsKey(NOTIFICATION_LAG)) {
            double p99 = s.lags().get(NOTIFICATION_LAG).p99Ms();
            md.append(row("notification lag p99 <= 1 s under load (sustained, `" + NOTIFICATION_LAG + "`)", fmt(p99) + " ms",
                    p99 <= 1000));
        }
        if (r.reads != null) {
            md.append(row("mypage reads >= 5,000/s", fmt(r.reads.perSecond()) + " reads/s", r.reads.perSecond() >= 5000));
            md.append(row("... with p99 <= 20 ms", fmt(r.reads.p99Ms()) + " ms", r.reads.p99Ms() <= 20));
        }
        long totalMiB = r.rssLoadTotalPeak / 1024;
        md.append(row("all processes <= 2.5 GiB RSS under load", totalMiB + " MiB", totalMiB <= 2560));
        md.append(row("no event dead-lettered under load", r.deadLettered + " events", r.deadLettered == 0));
        if (r.upWarmSeconds != null) {
            md.append(row("`./twd up` warm <= 30 s", fmt(r.upWarmSeconds) + " s", r.upWarmSeconds <= 30));
        }

        if (s != null) {
            sustained(md, s);
        }
        if (!r.open.isEmpty()) {
            open(md, r);
        }
        if (r.concurrencyOne != null) {
            md.append("\n### Concurrency 1 (after the queues are empty)\n\n");
            md.append("| orders | orders/s | p50 ms | p95 ms | p99 ms | max ms | errors | CPU ms per order (all) |\n");
            md.append("|---|---|---|---|---|---|---|---|\n");
            Recorder.Figures f = r.concurrencyOne;
            md.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s | %s | %s | %s |%n", f.count(), fmt(f.perSecond()),
                    fmt(f.p50Ms()), fmt(f.p95Ms()), fmt(f.p99Ms()), fmt(f.maxMs()), errors(f), fmt(total(r.cpuPerOrderAtOne))));
        }

        md.append("\n### Other scenarios\n\n");
        md.append("| scenario | count | per s | p50 ms | p95 ms | p99 ms | max ms | errors |\n|---|---|---|---|---|---|---|---|\n");
        if (r.register != null) {
            md.append(line("register phone (`POST /shops`, " + Benchmark.REGISTER_CONCURRENCY + " users)", r.register));
        }
        if (r.reads != null) {
            md.append(line("read mypage (`GET /mypages/{id}`, " + Benchmark.READ_CONCURRENCY + " users)", r.reads));
        }
        r.story.forEach((name, f) -> md.append(line("full story (" + Benchmark.STORY_CONCURRENCY + " users): "
                + name.replace("story: ", ""), f)));
        if (!r.storyLags.isEmpty()) {
            md.append("\nEvent lags during the full story (from each event's `occurredAt` to the commit of the consumer "
                    + "that processed it, measured by the consumers: `events_lag_seconds`):\n\n");
            lags(md, r.storyLags);
        }

        md.append("\n### Ceilings, measured in the same run\n\n| ceiling | figure |\n|---|---|\n");
        if (r.ceilingGet != null) {
            md.append("| trivial JAX-RS GET through the gateway (`GET /info/order`, concurrency 32) | ")
                    .append(r.ceilingGet).append(" |\n");
        }
        if (r.brokerPerf != null) {
            md.append("| broker, persistent 1 KiB messages, ").append(BrokerPerf.PRODUCERS)
                    .append(" producers, each send confirmed (`artemis perf client`) | ").append(r.brokerPerf).append(" |\n");
        }

        md.append("\n### Footprint (RSS, MiB)\n\n| process | at rest | peak under load |\n|---|---|---|\n");
        for (String c : r.rssIdle.keySet()) {
            md.append("| ").append(c).append(" | ").append(miB(r.rssIdle.getOrDefault(c, Footprint.NOT_MEASURED)))
                    .append(" | ").append(miB(r.rssLoad.getOrDefault(c, Footprint.NOT_MEASURED))).append(" |\n");
        }
        md.append("| **all together** (the measured ones) | ").append(Footprint.measuredSum(r.rssIdle) / 1024)
                .append(" | ").append(totalMiB).append(" (highest sum at one moment) |\n");

        md.append("\n### Start\n\n| | s |\n|---|---|\n");
        md.append("| `./twd up` from stopped (warm) | ").append(r.upWarmSeconds == null ? "not measured (--no-restart)" : fmt(r.upWarmSeconds)).append(" |\n");
        md.append("| `./twd up` from a fresh clone (cold) | ").append(r.upColdSeconds == null ? "not measured (run with --cold)" : fmt(r.upColdSeconds)).append(" |\n");

        md.append("\n### How the system ran\n\nThe benchmark started it (`./twd up`) with: ");
        List<String> settings = new ArrayList<>();
        r.settings.forEach((k, v) -> settings.add("`" + k + "=" + v + "`"));
        md.append(String.join(", ", settings)).append(". The machine's load average (1, 5, 15 min) at the start of each step: ");
        List<String> loads = new ArrayList<>();
        r.loadAtStart.forEach((step, load) -> loads.add(step + " " + load));
        md.append(String.join("; ", loads)).append(".\n\n");
        return md.toString();
    }

    private static void sustained(StringBuilder md, Results.Sustained s) {
        Wrk.Figures w = s.wrk();
        md.append("\n### Sustained: `POST /orders` by `wrk` at ").append(Benchmark.SUSTAINED_CONNECTIONS)
                .append(" connections, then until every queue is empty\n\n");
        md.append("`").append(w.command()).append("`, each request for its own registered phone, as that phone's "
                + "customer (").append(io.twd.bench.simulation.Tokens.BENCH_CUSTOMERS).append(" customers).\n\n");
        md.append("| window s | accepted (201) | refused, by status | in-window orders/s | p50 ms | p99 ms | max ms "
                + "| queues empty after s | **sustained orders/s** | most messages waiting |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");
        md.append(String.format(Locale.ROOT, "| %.1f | %,d | %s | %s | %s | %s | %s | %.1f | **%s** | %,d |%n",
                s.windowSeconds(), w.accepted(), refused(w), fmt(w.accepted() / s.windowSeconds()), fmt(w.p50Ms()),
                fmt(w.p99Ms()), fmt(w.maxMs()), s.drainSeconds(), fmt(s.sustainedPerSecond()), s.maxDepth()));
        md.append("\nThe sustained rate counts the time the consumers needed after the window to work off the events "
                + "the window left waiting: orders accepted / (window + that time).\n\n");
        md.append("![messages waiting on the subscription queues during the sustained scenario](").append(QUEUES_PLOT)
                .append(")\n");
        md.append("\nCPU time (user + system, from `/proc`) each process spent from the start of the window until every "
                + "queue was empty, per order accepted: the cost of one order, its events included (ms).\n\n");
        List<String> components = List.copyOf(s.cpuPerOrder().keySet());
        md.append("| ").append(String.join(" | ", components)).append(" | all |\n|");
        components.forEach(c -> md.append("---|"));
        md.append("---|\n|");
        components.forEach(c -> md.append(" ").append(measured(s.cpuPerOrder().get(c))).append(" |"));
        md.append(" ").append(fmt(total(s.cpuPerOrder()))).append(" |\n");
        if (!s.lags().isEmpty()) {
            md.append("\nEvent lags over the window and the drain, per subscription: from each event's `occurredAt` (its "
                    + "change, in the publisher's transaction) to the commit of the consumer that processed it, measured by "
                    + "the consumers themselves (`events_lag_seconds`, percentiles interpolated within its buckets):\n\n");
            lags(md, s.lags());
        }
    }

    private static void open(StringBuilder md, Results r) {
        md.append("\n### Open model: `POST /orders` at fixed arrival rates (Gatling open injection)\n\n");
        md.append("Each step offers its rate for ").append(r.open.get(0).orders() == null ? "?"
                        : fmt(r.open.get(0).orders().seconds()))
                .append(" s (random arrivals, each a new customer session on a shared keep-alive pool), its phones "
                        + "registered and their events drained first; a slow answer does not slow the arrivals, so the "
                        + "latency includes any queueing. A step is held with no error and every queue empty within ")
                .append(fmt(Benchmark.BOUNDED_DRAIN_S)).append(" s of its end; the ladder stops at the first not held.\n\n");
        md.append("| offered orders/s | orders | achieved /s | p50 ms | p95 ms | p99 ms | max ms | errors | most messages "
                + "waiting | queues empty after s | held |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Results.OpenStep o : r.open) {
            Recorder.Figures f = o.orders();
            if (f == null) {
                continue;
            }
            md.append(String.format(Locale.ROOT, "| %d | %,d | %s | %s | %s | %s | %s | %s | %,d | %.1f | %s |%n", o.rate(),
                    f.count(), fmt(f.perSecond()), fmt(f.p50Ms()), fmt(f.p95Ms()), fmt(f.p99Ms()), fmt(f.maxMs()),
                    errors(f), o.maxDepth(), o.drainSeconds(), o.held() ? "yes" : "**no**"));
        }
        md.append("\nThe highest rate held: ").append(highestHeld(r)).append(".\n\n![p50 and p99 against the arrival rate](")
                .append(OPEN_PLOT).append(")\n");
    }

    private static String highestHeld(Results r) {
        return r.open.stream().filter(Results.OpenStep::held).mapToInt(Results.OpenStep::rate).max()
                .stream().mapToObj(rate -> rate + " orders/s").findFirst().orElse("none");
    }

    private static void lags(StringBuilder md, Map<String, EventLags.Lag> lags) {
        md.append("| subscription | events | mean ms | p50 ms | p99 ms |\n|---|---|---|---|---|\n");
        lags.forEach((subscription, l) -> md.append(String.format(Locale.ROOT, "| `%s` | %,d | %s | %s | %s |%n",
                subscription, l.events(), fmt(l.meanMs()), fmt(l.p50Ms()), fmt(l.p99Ms()))));
    }

    private static String refused(Wrk.Figures w) {
        Map<Integer, Long> refused = w.refused();
        long n = refused.values().stream().mapToLong(Long::longValue).sum();
        String socket = w.socketErrors() == 0 ? "" : ", " + w.socketErrors() + " without an answer";
        return n == 0 && w.socketErrors() == 0 ? "0 refused" : n + " refused " + refused + socket;
    }

    private static double total(Map<String, Double> perComponent) {
        return perComponent == null ? Double.NaN
                : perComponent.values().stream().filter(v -> !v.isNaN()).mapToDouble(Double::doubleValue).sum();
    }

    private static String row(String target, String measured, boolean met) {
        return "| " + target + " | " + measured + " | " + (met ? "yes" : "**no**") + " |\n";
    }

    private static String line(String name, Recorder.Figures f) {
        return String.format(Locale.ROOT, "| %s | %,d | %s | %s | %s | %s | %s | %s |%n", name, f.count(),
                fmt(f.perSecond()), fmt(f.p50Ms()), fmt(f.p95Ms()), fmt(f.p99Ms()), fmt(f.maxMs()), errors(f));
    }

    private static String errors(Recorder.Figures f) {
        return f.errors() == 0 ? "0" : f.errors() + " " + f.errorStatuses();
    }

    /** @return the value, or "not measured" for NaN or null */
    static String measured(Double value) {
        return value == null || Double.isNaN(value) ? "not measured" : fmt(value);
    }

    /** @return KiB as whole MiB, or "not measured" */
    static String miB(long kib) {
        return kib < 0 ? "not measured" : String.valueOf(kib / 1024);
    }

    static String fmt(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }

    /** The depth of each subscription queue and of all together over the sustained scenario. */
    private static void plotQueues(Results r, Path svg) throws IOException {
        if (r.sustained == null || r.sustained.queueSamples().isEmpty()) {
            return;
        }
        List<QueueSampler.Sample> samples = r.sustained.queueSamples();
        XYChart chart = new XYChartBuilder().width(820).height(440)
                .title(String.format(Locale.ROOT, "Sustained: %s orders/s (%d connections, %.0f s window, drained in %.0f s)",
                        fmt(r.sustained.sustainedPerSecond()), Benchmark.SUSTAINED_CONNECTIONS,
                        r.sustained.windowSeconds(), r.sustained.drainSeconds()))
                .xAxisTitle("seconds since the window began").yAxisTitle("messages waiting").build();
        List<Double> xs = samples.stream().map(QueueSampler.Sample::seconds).toList();
        XYSeries all = chart.addSeries("all subscriptions", xs, samples.stream().map(x -> (double) x.total()).toList());
        all.setMarker(SeriesMarkers.NONE);
        TreeSet<String> names = new TreeSet<>();
        samples.forEach(x -> names.addAll(x.subscriptions().keySet()));
        for (String name : names) {
            List<Double> ys = samples.stream().map(x -> (double) x.subscriptions().getOrDefault(name, 0L)).toList();
            if (ys.stream().anyMatch(y -> y > 0)) {
                chart.addSeries(name, xs, ys).setMarker(SeriesMarkers.NONE);
            }
        }
        double max = samples.stream().mapToLong(QueueSampler.Sample::total).max().orElse(1);
        XYSeries end = chart.addSeries("end of the window", List.of(r.sustained.windowSeconds(), r.sustained.windowSeconds()),
                List.of(0.0, Math.max(1, max)));
        end.setMarker(SeriesMarkers.NONE);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        save(chart, svg);
    }

    /** The open model's p50 and p99 against the offered rate. */
    private static void plotOpen(Results r, Path svg) throws IOException {
        List<Results.OpenStep> steps = r.open.stream().filter(o -> o.orders() != null).toList();
        if (steps.isEmpty()) {
            return;
        }
        XYChart chart = new XYChartBuilder().width(720).height(420).title("Open model: place order at fixed arrival rates")
                .xAxisTitle("orders offered per second").yAxisTitle("latency (ms)").build();
        List<Integer> xs = steps.stream().map(Results.OpenStep::rate).toList();
        chart.addSeries("p50", xs, steps.stream().map(o -> o.orders().p50Ms()).toList()).setMarker(SeriesMarkers.CIRCLE);
        chart.addSeries("p99", xs, steps.stream().map(o -> o.orders().p99Ms()).toList()).setMarker(SeriesMarkers.DIAMOND);
        double lowest = steps.stream().mapToDouble(o -> o.orders().p50Ms()).min().orElse(1);
        double highest = steps.stream().mapToDouble(o -> o.orders().p99Ms()).max().orElse(1);
        chart.getStyler().setYAxisLogarithmic(highest / Math.max(0.1, lowest) > 50);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        save(chart, svg);
    }

    /**
     * Writes the chart as SVG. The encoder marks its elements {@code xmlns=""}, which takes them out
     * of the SVG namespace: browsers then draw nothing. Those marks are removed.
     */
    private static void save(XYChart chart, Path svg) throws IOException {
        VectorGraphicsEncoder.saveVectorGraphic(chart, svg.toString().replaceAll("\\.svg$", ""),
                VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        Files.writeString(svg, Files.readString(svg).replace(" xmlns=\"\"", ""));
    }
}
