package io.twd.platform.infrastructure.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/**
 * How long events take to be processed, measured by the consumers themselves: the application
 * timer {@value #NAME} (MicroProfile Metrics; Prometheus {@code events_lag_seconds_*}), one per
 * subscription ({@code subscription="mypage.order-events"}), records for every event a consumer
 * processed the time from the event's {@code occurredAt} (when its change happened, in the
 * publisher's transaction) to the moment its handler returned (the consumer's transaction
 * committed): the relay, the broker, the wait in the subscription's queue and the work itself.
 * Its histogram buckets ({@code mp.metrics.distribution.timer.buckets}, in the platform's
 * {@code microprofile-config.properties}) let a scraper compute percentiles over any window from
 * two scrapes; {@code ./twd bench} does. The clocks of publisher and consumer are compared: on one
 * machine they are the same clock.
 */
@ApplicationScoped
public class EventLagMetrics {

    /** The timer's name. */
    public static final String NAME = "events.lag";

    /** The tag naming the subscription, e.g. {@code subscription="mypage.order-events"}. */
    public static final String TAG = "subscription";

    private static final Metadata METADATA = Metadata.builder().withName(NAME)
            .withDescription("Time from an event's occurredAt to the commit of the consumer that processed it")
            .withUnit(MetricUnits.SECONDS).build();

    @Inject
    MetricRegistry registry;

    /**
     * Records one processed event.
     *
     * @param subscription the subscription it came through, e.g. {@code mypage.order-events}
     * @param occurredAt   the event's {@code occurredAt}
     */
    public void processed(String subscription, Instant occurredAt) {
        Duration lag = Duration.between(occurredAt, Instant.now());
        registry.timer(METADATA, new Tag(TAG, subscription)).update(lag.isNegative() ? Duration.ZERO : lag);
    }

    /**
     * @return the application's instance, or one that records nothing outside a container (unit tests)
     */
    static EventLagMetrics current() {
        try {
            return CDI.current().select(EventLagMetrics.class).get();
        } catch (IllegalStateException outsideContainer) {
            return new EventLagMetrics() {
                @Override
                public void processed(String subscription, Instant occurredAt) {
                    // no registry outside a container
                }
            };
        }
    }
}
