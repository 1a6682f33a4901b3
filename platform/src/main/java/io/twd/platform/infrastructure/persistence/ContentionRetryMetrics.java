package io.twd.platform.infrastructure.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/**
 * What {@link ContentionRetryInterceptor} did, as application metrics (MicroProfile Metrics),
 * served by each server at {@code /metrics}, both counting since the server started, tagged with
 * the method ({@code method="OrderService.place"}) and the SQLSTATE of the rollback
 * ({@code sqlState="40XL1"}):
 * <ul>
 *   <li>{@value #RETRIED}, in Prometheus {@code transaction_contention_retries_total}: a
 *       transaction the database rolled back for contention, run again;</li>
 *   <li>{@value #EXHAUSTED}, in Prometheus {@code transaction_contention_exhausted_total}: one
 *       that still rolled back after the last retry, so its failure reached the caller (a 503, or
 *       a message redelivered by the broker).</li>
 * </ul>
 */
@ApplicationScoped
public class ContentionRetryMetrics {

    /** Name of the counter of retries. */
    public static final String RETRIED = "transaction.contention.retries";

    /** Name of the counter of calls that gave up. */
    public static final String EXHAUSTED = "transaction.contention.exhausted";

    private static final Metadata RETRIED_METADATA = Metadata.builder().withName(RETRIED)
            .withDescription("Transactions the database rolled back for contention (lock timeout, deadlock,"
                    + " serialization failure), run again")
            .withUnit(MetricUnits.NONE).build();

    private static final Metadata EXHAUSTED_METADATA = Metadata.builder().withName(EXHAUSTED)
            .withDescription("Transactions still rolled back for contention after the last retry; the failure"
                    + " reached the caller")
            .withUnit(MetricUnits.NONE).build();

    @Inject
    MetricRegistry registry;

    /**
     * Counts one retry.
     *
     * @param method   the retried method, {@code Class.method}
     * @param sqlState the SQLSTATE of the rollback, e.g. {@code 40XL1}
     */
    public void retried(String method, String sqlState) {
        registry.counter(RETRIED_METADATA, new Tag("method", method), new Tag("sqlState", sqlState)).inc();
    }

    /**
     * Counts one call that gave up after its last retry.
     *
     * @param method   the method, {@code Class.method}
     * @param sqlState the SQLSTATE of the last rollback
     */
    public void exhausted(String method, String sqlState) {
        registry.counter(EXHAUSTED_METADATA, new Tag("method", method), new Tag("sqlState", sqlState)).inc();
    }
}
