package io.twd.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything one benchmark run measured, filled in by {@link Benchmark}, rendered by
 * {@link Report} and written as JSON next to the run's raw files. Start times in s, RSS in KiB,
 * CPU in ms; {@code null} or empty where a step was skipped.
 */
final class Results {
    /** Machine and software facts: cpu, cores, memory, kernel, java, commit, date, topology. */
    public Map<String, String> facts = new LinkedHashMap<>();
    /** The environment the benchmark started the system with (limits set out of its way), or a note. */
    public Map<String, String> settings = new LinkedHashMap<>();
    /** The machine's load average (1, 5, 15 min, from /proc/loadavg) at the start of each step. */
    public Map<String, String> loadAtStart = new LinkedHashMap<>();
    /** {@code ./twd up} from stopped, in s. */
    public Double upWarmSeconds;
    /** {@code ./twd up} from a fresh clone, in s. */
    public Double upColdSeconds;
    /** RSS at rest per component, in KiB. */
    public Map<String, Long> rssIdle = new LinkedHashMap<>();
    /** Highest RSS per component while under load, in KiB. */
    public Map<String, Long> rssLoad = new LinkedHashMap<>();
    /** Highest sum of all components' RSS at one moment under load, in KiB. */
    public long rssLoadTotalPeak;
    /** The HTTP ceiling: {@code GET /info/order} through the gateway. */
    public Recorder.Figures ceilingGet;
    /** The broker ceiling: {@code artemis perf client}, persistent. */
    public BrokerPerf brokerPerf;
    /** {@code POST /shops}. */
    public Recorder.Figures register;
    /** The sustained scenario (wrk, closed loop at 32 connections, then until every queue is empty). */
    public Sustained sustained;
    /** The open-model steps, by rising arrival rate. */
    public List<OpenStep> open = new ArrayList<>();
    /** {@code POST /orders} one at a time, after the queues are empty. */
    public Recorder.Figures concurrencyOne;
    /** CPU per order by component at concurrency 1 (ms). */
    public Map<String, Double> cpuPerOrderAtOne = new LinkedHashMap<>();
    /** {@code GET /mypages/{id}}. */
    public Recorder.Figures reads;
    /** The full story's metrics: place order, ship, cancel. */
    public Map<String, Recorder.Figures> story = new TreeMap<>();
    /** The event lags per subscription during the full story, from the consumers' metric. */
    public Map<String, EventLags.Lag> storyLags = new TreeMap<>();
    /** Events moved to a dead-letter queue while the scenarios ran (should be 0). */
    public long deadLettered;

    /**
     * The sustained scenario.
     *
     * @param wrk              what wrk measured over its window
     * @param windowSeconds    the window, s
     * @param drainSeconds     from the window's end until every subscription queue was empty, s
     * @param sustainedPerSecond orders accepted / (window + drain)
     * @param maxDepth         the most messages waiting on all subscription queues together
     * @param cpuPerOrder      CPU per accepted order by component, from the window's start until drained, ms
     * @param lags             event lags per subscription, from the consumers' metric
     * @param queueSamples     the depth samples (also in {@code queues-sustained.csv})
     */
    record Sustained(Wrk.Figures wrk, double windowSeconds, double drainSeconds, double sustainedPerSecond,
                     long maxDepth, Map<String, Double> cpuPerOrder, Map<String, EventLags.Lag> lags,
                     List<QueueSampler.Sample> queueSamples) {
    }

    /**
     * One step of the open model.
     *
     * @param rate         orders offered per second
     * @param orders       what the step measured ({@code place order})
     * @param maxDepth     the most messages waiting on all subscription queues together during the step
     * @param drainSeconds from the step's end until every subscription queue was empty, s
     * @param held         no error, and the queues empty within {@link Benchmark#BOUNDED_DRAIN_S} s of the end
     * @param lags         event lags per subscription during the step and its drain
     */
    record OpenStep(int rate, Recorder.Figures orders, long maxDepth, double drainSeconds, boolean held,
                    Map<String, EventLags.Lag> lags) {
    }
}
