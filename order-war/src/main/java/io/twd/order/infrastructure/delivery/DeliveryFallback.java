package io.twd.order.infrastructure.delivery;

import io.twd.order.application.Deliveries;
import io.twd.order.application.DeliveryUnavailableException;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.ExecutionContext;
import org.eclipse.microprofile.faulttolerance.FallbackHandler;

/**
 * The fallbacks of the calls to delivery. Those of {@link RestDeliveries}, applied only when
 * delivery is unavailable (timeout, open circuit, full bulkhead, a refused or broken connection,
 * 5xx) or busy (a 503 {@code contention}, which the circuit does not count): log it briefly and fail with {@link DeliveryUnavailableException}, which the REST layer answers with 503 and
 * {@code Retry-After: order.delivery.retry-after.seconds} (default 5). That of
 * {@link DeliveryDiscards}: log the cause and give up (the discard is best effort).
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

    /**
     * Fallback of {@link DeliveryDiscards#discard}: the request stays until delivery's sweeper
     * expires it unconfirmed; the cause is logged with it.
     */
    @Dependent
    public static class Discard implements FallbackHandler<CompletionStage<Void>> {

        /**
         * @param context the failed call; its parameter is the order's id
         * @return a completed stage (the discard is best effort)
         */
        @Override
        public CompletionStage<Void> handle(ExecutionContext context) {
            LOG.log(Level.WARNING, "Could not discard the delivery request of uncommitted order "
                    + context.getParameters()[0] + "; delivery's sweeper expires it unconfirmed", context.getFailure());
            return CompletableFuture.completedFuture(null);
        }
    }
}
