package io.twd.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything one benchmark run measured, filled in by {@link Benchmark} and rendered by
 * {@link Report}. Start times in s, RSS in KiB; {@code null} or empty where a step was skipped.
 */
final class Results {
    /** Machine and software facts: cpu, cores, memory, kernel, java, commit, date. */
    Map<String, String> facts = new LinkedHashMap<>();
    /** {@code ./twd up} from stopped, in s. */
    Double upWarmSeconds;
    /** {@code ./twd up} from a fresh clone, in s. */
    Double upColdSeconds;
    /** RSS at rest per component (gateway, shop, ..., broker, smtp), in KiB. */
    Map<String, Long> rssIdle = new LinkedHashMap<>();
    /** Highest RSS per component while under load, in KiB. */
    Map<String, Long> rssLoad = new LinkedHashMap<>();
    /** Highest sum of all components' RSS at one moment under load, in KiB. */
    long rssLoadTotalPeak;
    /** The HTTP ceiling: {@code GET /info/order} through the gateway. */
    Recorder.Figures ceilingGet;
    /** The broker ceiling: {@code artemis perf client}, persistent. */
    BrokerPerf brokerPerf;
    /** {@code POST /shops}. */
    Recorder.Figures register;
    /** {@code POST /orders} by concurrency. */
    Map<Integer, Recorder.Figures> orders = new TreeMap<>();
    /** {@code POST /orders} by {@code wrk} at 32 connections; null if wrk is not installed. */
    Wrk.Figures wrkOrders;
    /** {@code GET /mypages/{id}}. */
    Recorder.Figures reads;
    /** Events moved to a dead-letter queue while the scenarios ran (should be 0). */
    long deadLettered;
    /** CPU time per order by component (ms), while placing orders at each concurrency. */
    Map<Integer, Map<String, Double>> cpuPerOrder = new TreeMap<>();
    /** The full story's metrics: place order, lag: mypage, lag: notification, ship, cancel. */
    Map<String, Recorder.Figures> story = new TreeMap<>();

    @Override
    public String toString() {
        return "facts=" + facts + "\nupWarm=" + upWarmSeconds + " upCold=" + upColdSeconds + "\nrssIdle=" + rssIdle
                + "\nrssLoad=" + rssLoad + " totalPeak=" + rssLoadTotalPeak + "\nceilingGet=" + ceilingGet
                + "\nbroker=" + brokerPerf + "\nregister=" + register + "\norders=" + orders + "\nwrkOrders=" + wrkOrders + "\nreads=" + reads
                + "\nstory=" + story + "\ncpuPerOrder=" + cpuPerOrder + "\ndeadLettered=" + deadLettered + "\n";
    }
}
