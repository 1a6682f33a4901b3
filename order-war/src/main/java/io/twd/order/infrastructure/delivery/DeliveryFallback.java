package io.twd.order.infrastructure.delivery;

import io.twd.order.application.Deliveries;
import io.twd.order.application.DeliveryUnavailableException;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.ExecutionContext;
import org.eclipse.microprofile.faulttolerance.FallbackHandler;

/**
 * The fallbacks of {@link RestDeliveries}: whatever made a call to delivery fail (timeout, open
 * circuit, full bulkhead, connection refused, 5xx), log it briefly and fail with
 * {@link DeliveryUnavailableException}, which the REST layer answers with 503 and
 * {@code Retry-After: order.delivery.retry-after.seconds} (default 5).
 */
public final class DeliveryFallback {

    private static final Logger LOG = Logger.getLogger(DeliveryFallback.class.getName());

    private DeliveryFallback() {
    }

    static DeliveryUnavailableException unavailable(ExecutionContext context, long retryAfterSeconds) {
        Throwable failure = context.getFailure();
        LOG.warning("Delivery unavailable for " + context.getMethod().getName() + ": " + failure);
        return new DeliveryUnavailableException(retryAfterSeconds, failure);
    }

    /** Fallback of {@link RestDeliveries#open}. */
    @Dependent
    public static class Open implements FallbackHandler<Long> {

        @Inject
        @ConfigProperty(name = "order.delivery.retry-after.seconds", defaultValue = "5")
        long retryAfterSeconds;

        /**
         * @param context the failed call
         * @return never
         * @throws DeliveryUnavailableException always
         */
        @Override
        public Long handle(ExecutionContext context) {
            throw unavailable(context, retryAfterSeconds);
        }
    }

    /** Fallback of {@link RestDeliveries#cancel}. */
    @Dependent
    public static class Cancel implements FallbackHandler<Deliveries.CancelOutcome> {

        @Inject
        @ConfigProperty(name = "order.delivery.retry-after.seconds", defaultValue = "5")
        long retryAfterSeconds;

        /**
         * @param context the failed call
         * @return never
         * @throws DeliveryUnavailableException always
         */
        @Override
        public Deliveries.CancelOutcome handle(ExecutionContext context) {
            throw unavailable(context, retryAfterSeconds);
        }
    }
}
