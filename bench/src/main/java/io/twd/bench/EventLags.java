package io.twd.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The event lag measured on the server side: each consumer records, per subscription, the time
 * from an event's {@code occurredAt} to the commit of its processing, as the histogram
 * {@code events_lag_seconds} of its server's {@code /metrics} (the platform's
 * {@code EventLagMetrics}). Two scrapes, before and after a scenario, give that scenario's
 * events alone: the difference of the cumulative bucket counts, from which the percentiles are
 * interpolated within their bucket (so they are as fine as the buckets: 5, 10, 25, 50, 100, 250,
 * 500 ms, 1, 2.5, 5, 10, 30 s ...), and the exact mean from the sums.
 */
final class EventLags {

    private static final Pattern BUCKET = Pattern.compile("^events_lag_seconds_bucket\\{([^}]*)}\\s+([0-9.eE+-]+)$");
    private static final Pattern COUNT = Pattern.compile("^events_lag_seconds_count\\{([^}]*)}\\s+([0-9.eE+-]+)$");
    private static final Pattern SUM = Pattern.compile("^events_lag_seconds_sum\\{([^}]*)}\\s+([0-9.eE+-]+)$");
    private static final Pattern SUBSCRIPTION = Pattern.compile("subscription=\"([^\"]*)\"");
    private static final Pattern LE = Pattern.compile("le=\"([^\"]*)\"");

    private EventLags() {
    }

    /**
     * The cumulative histogram of one subscription at one moment.
     *
     * @param buckets events with a lag at most the key (s), cumulative; the key +Inf is {@code Double.MAX_VALUE}
     * @param count   events in all
     * @param sum     their lags summed, in s
     */
    record Histogram(TreeMap<Double, Double> buckets, double count, double sum) {
    }

    /**
     * One subscription's lags over a window.
     *
     * @param events events processed in the window
     * @param meanMs their mean lag, ms
     * @param p50Ms  median, ms (interpolated within its bucket)
     * @param p99Ms  99th percentile, ms (interpolated within its bucket)
     */
    record Lag(long events, double meanMs, double p50Ms, double p99Ms) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%d events, mean %.0f ms, p50 %.0f ms, p99 %.0f ms",
                    events, meanMs, p50Ms, p99Ms);
        }
    }

    /**
     * @param client    the HTTP client
     * @param endpoints the services' {@code /metrics}
     * @return each subscription's histogram now; empty for a server without the metric
     * @throws IOException          if an endpoint does not answer
     * @throws InterruptedException if interrupted meanwhile
     */
    static Map<String, Histogram> scrape(HttpClient client, List<URI> endpoints) throws IOException, InterruptedException {
        Map<String, Histogram> all = new TreeMap<>();
        for (URI endpoint : endpoints) {
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(20))
                    .header("Accept", "text/plain").build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IOException(endpoint + " answered " + answer.statusCode());
            }
            parse(answer.body()).forEach(all::putIfAbsent);
        }
        return all;
    }

    /**
     * @param text a server's {@code /metrics}, Prometheus text
     * @return the histogram of each subscription in it
     */
    static Map<String, Histogram> parse(String text) {
        Map<String, TreeMap<Double, Double>> buckets = new TreeMap<>();
        Map<String, Double> counts = new TreeMap<>();
        Map<String, Double> sums = new TreeMap<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            Matcher bucket = BUCKET.matcher(line);
            if (bucket.matches()) {
                String subscription = label(SUBSCRIPTION, bucket.group(1));
                String le = label(LE, bucket.group(1));
                if (subscription != null && le != null) {
                    double bound = le.equals("+Inf") ? Double.MAX_VALUE : Double.parseDouble(le);
                    buckets.computeIfAbsent(subscription, s -> new TreeMap<>()).put(bound, Double.parseDouble(bucket.group(2)));
                }
                continue;
            }
            Matcher count = COUNT.matcher(line);
            if (count.matches() && label(SUBSCRIPTION, count.group(1)) != null) {
                counts.put(label(SUBSCRIPTION, count.group(1)), Double.parseDouble(count.group(2)));
                continue;
            }
            Matcher sum = SUM.matcher(line);
            if (sum.matches() && label(SUBSCRIPTION, sum.group(1)) != null) {
                sums.put(label(SUBSCRIPTION, sum.group(1)), Double.parseDouble(sum.group(2)));
            }
        }
        Map<String, Histogram> histograms = new TreeMap<>();
        counts.forEach((subscription, count) -> histograms.put(subscription, new Histogram(
                buckets.getOrDefault(subscription, new TreeMap<>()), count, sums.getOrDefault(subscription, 0.0))));
        return histograms;
    }

    /**
     * @param before the histograms at the start of the window
     * @param after  those at its end
     * @return per subscription with events in the window, their lags
     */
    static Map<String, Lag> between(Map<String, Histogram> before, Map<String, Histogram> after) {
        Map<String, Lag> lags = new TreeMap<>();
        after.forEach((subscription, end) -> {
            Histogram start = before.getOrDefault(subscription, new Histogram(new TreeMap<>(), 0, 0));
            double events = end.count() - start.count();
            if (events < 1) {
                return;
            }
            TreeMap<Double, Double> window = new TreeMap<>();
            end.buckets().forEach((bound, n) -> window.put(bound, n - start.buckets().getOrDefault(bound, 0.0)));
            lags.put(subscription, new Lag(Math.round(events), 1000 * (end.sum() - start.sum()) / events,
                    1000 * quantile(window, events, 0.50), 1000 * quantile(window, events, 0.99)));
        });
        return lags;
    }

    /** The q-quantile of a cumulative histogram, linear within the bucket it falls in (NaN without buckets). */
    static double quantile(TreeMap<Double, Double> cumulative, double total, double q) {
        if (cumulative.isEmpty() || total <= 0) {
            return Double.NaN;
        }
        double rank = q * total;
        double lowerBound = 0;
        double lowerCount = 0;
        for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
            if (bucket.getValue() >= rank) {
                if (bucket.getKey() == Double.MAX_VALUE) {
                    return lowerBound;  // beyond the last finite bucket: its bound is all we know
                }
                double inBucket = bucket.getValue() - lowerCount;
                return inBucket <= 0 ? bucket.getKey()
                        : lowerBound + (bucket.getKey() - lowerBound) * (rank - lowerCount) / inBucket;
            }
            lowerBound = bucket.getKey();
            lowerCount = bucket.getValue();
        }
        return lowerBound;
    }

    private static String label(Pattern pattern, String labels) {
        Matcher m = pattern.matcher(labels);
        return m.find() ? m.group(1) : null;
    }
}
