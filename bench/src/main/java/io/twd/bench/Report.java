package io.twd.bench;

import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders {@link Results} into {@code docs/benchmarks.md}, between the markers
 * {@value #BEGIN} and {@value #END} (what stands outside them, the analysis, is kept), and
 * the plot of throughput and p99 against concurrency into {@code docs/benchmarks.svg}.
 */
final class Report {

    static final String BEGIN = "<!-- bench:begin (written by ./twd bench) -->";
    static final String END = "<!-- bench:end -->";

    private Report() {
    }

    static void write(Results r, Path markdown, Path svg, boolean quick) throws IOException {
        String figures = figures(r, quick, svg.getFileName().toString());
        String text = Files.exists(markdown) ? Files.readString(markdown) : "# Benchmarks\n\n" + BEGIN + "\n" + END + "\n";
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            text = text + "\n" + BEGIN + "\n" + END + "\n";
            begin = text.indexOf(BEGIN);
            end = text.indexOf(END);
        }
        Files.writeString(markdown, text.substring(0, begin + BEGIN.length()) + "\n" + figures + text.substring(end));
        plot(r, svg);
    }

    private static String figures(Results r, boolean quick, String plotFile) {
        StringBuilder md = new StringBuilder();
        md.append("\n## Figures of the last run").append(quick ? " (--quick: a fifth of the work)" : "").append("\n\n");
        md.append("| machine | |\n|---|---|\n");
        r.facts.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));

        Recorder.Figures c32 = r.orders.get(32);
        Recorder.Figures lag = r.story.get("lag: mypage");
        long totalMiB = r.rssLoadTotalPeak / 1024;
        md.append("\n### Against the targets\n\n| target | measured | met |\n|---|---|---|\n");
        if (c32 != null) {
            md.append(row("place order at concurrency 32: >= 500 orders/s", fmt(c32.perSecond()) + " orders/s",
                    c32.perSecond() >= 500));
            md.append(row("... with p99 <= 100 ms", fmt(c32.p99Ms()) + " ms", c32.p99Ms() <= 100));
            md.append(row("... and no errors", c32.errors() + " errors", c32.errors() == 0));
        }
        Recorder.Figures c1 = r.orders.get(1);
        if (c1 != null) {
            md.append(row("place order at concurrency 1: p50 <= 10 ms", fmt(c1.p50Ms()) + " ms", c1.p50Ms() <= 10));
        }
        if (lag != null) {
            md.append(row("mypage lag p99 <= 200 ms under load", fmt(lag.p99Ms()) + " ms", lag.p99Ms() <= 200));
        }
        Recorder.Figures notificationLag = r.story.get("lag: notification");
        if (notificationLag != null) {
            md.append(row("notification lag p99 <= 1 s under load", fmt(notificationLag.p99Ms()) + " ms",
                    notificationLag.p99Ms() <= 1000));
        }
        if (r.reads != null) {
            md.append(row("mypage reads >= 5,000/s", fmt(r.reads.perSecond()) + " reads/s", r.reads.perSecond() >= 5000));
            md.append(row("... with p99 <= 20 ms", fmt(r.reads.p99Ms()) + " ms", r.reads.p99Ms() <= 20));
        }
        md.append(row("all processes <= 2.5 GiB RSS under load", totalMiB + " MiB", totalMiB <= 2560));
        md.append(row("no event dead-lettered under load", r.deadLettered + " events", r.deadLettered == 0));
        if (r.upWarmSeconds != null) {
            md.append(row("`./twd up` warm <= 30 s", fmt(r.upWarmSeconds) + " s", r.upWarmSeconds <= 30));
        }

        md.append("\n### Place orders (`POST /orders`, each for a distinct registered phone)\n\n");
        md.append("| concurrency | orders | orders/s | p50 ms | p95 ms | p99 ms | max ms | errors | of HTTP ceiling |\n");
        md.append("|---|---|---|---|---|---|---|---|---|\n");
        r.orders.forEach((c, f) -> md.append(String.format(Locale.ROOT, "| %d | %d | %s | %s | %s | %s | %s | %s | %s |%n",
                c, f.count(), fmt(f.perSecond()), fmt(f.p50Ms()), fmt(f.p95Ms()), fmt(f.p99Ms()), fmt(f.maxMs()),
                errors(f), ratio(f, r.ceilingGet))));
        if (r.wrkOrders != null) {
            Wrk.Figures w = r.wrkOrders;
            md.append(String.format(Locale.ROOT, "%nThe same load by Debian's `wrk` (`%s`): %d orders, **%s orders/s**, "
                    + "p50 %s ms, p99 %s ms, max %s ms, %d answers not 201, %d socket errors.%n", w.command(),
                    w.requests(), fmt(w.perSecond()), fmt(w.p50Ms()), fmt(w.p99Ms()), fmt(w.maxMs()), w.notCreated(),
                    w.socketErrors()));
        } else {
            md.append("\nThe same load by Debian's `wrk`: not measured (`wrk` not installed).\n");
        }
        md.append("\n![orders/s and p99 against concurrency](").append(plotFile).append(")\n");

        if (!r.cpuPerOrder.isEmpty()) {
            md.append("\n### CPU per order, by process (ms)\n\n");
            md.append("CPU time (user + system, from `/proc`) each process spent from the start of the scenario until "
                    + "its events were all consumed, divided by the orders accepted: the cost of one order, "
                    + "the events it causes included.\n\n");
            List<String> components = List.copyOf(r.cpuPerOrder.values().iterator().next().keySet());
            md.append("| concurrency | ").append(String.join(" | ", components)).append(" | all |\n|---|");
            components.forEach(c -> md.append("---|"));
            md.append("---|\n");
            r.cpuPerOrder.forEach((c, perOrder) -> {
                md.append("| ").append(c).append(" | ");
                components.forEach(component -> md.append(measured(perOrder.getOrDefault(component, Double.NaN)))
                        .append(" | "));
                md.append(fmt(perOrder.values().stream().filter(v -> !v.isNaN()).mapToDouble(Double::doubleValue).sum()))
                        .append(perOrder.values().stream().anyMatch(v -> v.isNaN()) ? " (measured ones)" : "").append(" |\n");
            });
        }

        md.append("\n### Other scenarios (concurrency 32)\n\n");
        md.append("| scenario | count | per s | p50 ms | p95 ms | p99 ms | max ms | errors |\n|---|---|---|---|---|---|---|---|\n");
        if (r.register != null) {
            md.append(line("register phone (`POST /shops`)", r.register));
        }
        if (r.reads != null) {
            md.append(line("read mypage (`GET /mypages/{id}`)", r.reads));
        }
        for (Map.Entry<String, Recorder.Figures> e : r.story.entrySet()) {
            md.append(line("full story: " + e.getKey().replace("story: ", ""), e.getValue()));
        }
        md.append("\nThe lags are measured by the story's virtual users: from the `201` of `POST /orders` until "
                + "`GET /mypages/{id}` answers 200, then until `GET /messages?orderId=` lists the first notification "
                + "(polled every 20 ms, after the mypage, so the notification lag is never below the mypage lag).\n");

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
        md.append('\n');
        return md.toString();
    }

    private static String row(String target, String measured, boolean met) {
        return "| " + target + " | " + measured + " | " + (met ? "yes" : "**no**") + " |\n";
    }

    private static String line(String name, Recorder.Figures f) {
        return String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s | %s |%n", name, f.count(),
                fmt(f.perSecond()), fmt(f.p50Ms()), fmt(f.p95Ms()), fmt(f.p99Ms()), fmt(f.maxMs()), errors(f));
    }

    private static String errors(Recorder.Figures f) {
        return f.errors() == 0 ? "0" : f.errors() + " " + f.errorStatuses();
    }

    private static String ratio(Recorder.Figures f, Recorder.Figures ceiling) {
        if (ceiling == null || ceiling.perSecond() <= 0) {
            return "";
        }
        return String.format(Locale.ROOT, "%.1f %%", 100 * f.perSecond() / ceiling.perSecond());
    }

    /** @return the value, or "not measured" for NaN */
    static String measured(double value) {
        return Double.isNaN(value) ? "not measured" : fmt(value);
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

    private static void plot(Results r, Path svg) throws IOException {
        XYChart chart = new XYChartBuilder().width(720).height(420)
                .title("Place order through the gateway").xAxisTitle("concurrent virtual users").yAxisTitle("orders/s").build();
        List<Integer> xs = List.copyOf(r.orders.keySet());
        List<Double> rates = xs.stream().map(c -> r.orders.get(c).perSecond()).toList();
        List<Double> p99s = xs.stream().map(c -> r.orders.get(c).p99Ms()).toList();
        if (xs.isEmpty()) {
            return;
        }
        XYSeries rate = chart.addSeries("orders/s", xs, rates);
        rate.setMarker(SeriesMarkers.CIRCLE);
        XYSeries p99 = chart.addSeries("p99 (ms, right axis)", xs, p99s);
        p99.setMarker(SeriesMarkers.DIAMOND);
        p99.setYAxisGroup(1);
        chart.setYAxisGroupTitle(1, "p99 latency (ms)");
        chart.getStyler().setYAxisMin(0, 0.0);
        chart.getStyler().setYAxisMin(1, 0.0);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        String base = svg.toString().replaceAll("\\.svg$", "");
        VectorGraphicsEncoder.saveVectorGraphic(chart, base, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    }
}
