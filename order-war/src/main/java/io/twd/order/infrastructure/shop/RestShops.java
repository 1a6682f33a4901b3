package io.twd.order.infrastructure.shop;

import io.twd.order.application.ShopUnavailableException;
import io.twd.order.application.Shops;
import io.twd.order.domain.model.phone.Phone;
import io.twd.order.infrastructure.rest.CallFailures;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.ExecutionContext;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.FallbackHandler;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * {@link Shops} over REST, guarded by MicroProfile Fault Tolerance like the calls to delivery.
 * The annotation values are defaults; the timeout comes from MicroProfile Config
 * ({@code order.shop.timeout.ms}, environment {@code ORDER_SHOP_TIMEOUT_MS}):
 * <ul>
 *   <li>{@code @Timeout}: a lookup slower than {@code order.shop.timeout.ms} (1000 ms) fails;</li>
 *   <li>{@code @Retry}: once, after ~200 ms, only when the connection itself failed;</li>
 *   <li>{@code @CircuitBreaker}: opens when half of the last 10 lookups failed, for 5000 ms. A
 *       wider window than delivery's 4: the two failed attempts of one lookup while the shop
 *       restarts must not open the circuit with the first two lookups after it is back (a burst
 *       of registrations then met 5 s of 503s);</li>
 *   <li>{@code @Bulkhead}: at most 32 lookups at once, more are refused at once;</li>
 *   <li>{@code @Fallback}: a timeout, a refused or broken connection, a 5xx, an open circuit or a
 *       full bulkhead becomes {@link ShopUnavailableException} (503, {@code Retry-After:
 *       order.shop.retry-after.seconds}, 5 s); only the first three count against the circuit.
 *       Anything else is a 500 of this service.</li>
 * </ul>
 */
@ApplicationScoped
public class RestShops implements Shops {

    private static final Logger LOG = Logger.getLogger(RestShops.class.getName());

    @Inject
    @RestClient
    ShopClient client;

    @Override
    @Timeout(1000)
    @Retry(maxRetries = 1, delay = 200, jitter = 100, retryOn = ShopUnreachableException.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5000, successThreshold = 1,
            failOn = {TimeoutException.class, ShopUnreachableException.class, ShopFailedException.class})
    @Bulkhead(32)
    @Fallback(value = Unavailable.class, applyOn = {TimeoutException.class, CircuitBreakerOpenException.class,
            BulkheadException.class, ShopUnreachableException.class, ShopFailedException.class})
    public Optional<Phone> find(long shopId, String eqpSernum) {
        try {
            return client.find(shopId, eqpSernum, 1).items().stream()
                    .filter(p -> p.shopId() == shopId && eqpSernum.equals(p.eqpSernum()))
                    .findFirst()
                    .map(p -> new Phone(p.id(), p.shopId(), p.eqpNm(), p.eqpSernum(),
                            p.registeredAt() == null ? Instant.now() : p.registeredAt()));
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            throw status >= 500 ? new ShopFailedException("HTTP " + status, e) : e;
        } catch (ProcessingException e) {
            throw switch (CallFailures.of(e)) {
                case UNREACHABLE -> new ShopUnreachableException(e);
                case BROKEN -> new ShopFailedException(String.valueOf(e.getMessage()), e);
                case OTHER -> e;
            };
        }
    }

    /**
     * Fallback of {@link #find} when the shop is unavailable (timeout, open circuit, full bulkhead,
     * a refused or broken connection, a 5xx: {@link CallFailures}): log it briefly and fail with
     * {@link ShopUnavailableException}. Anything else (a 4xx, a response that cannot be read) is
     * thrown on: a 500 of this service, logged with its cause.
     */
    @Dependent
    public static class Unavailable implements FallbackHandler<Optional<Phone>> {

        @Inject
        @ConfigProperty(name = "order.shop.retry-after.seconds", defaultValue = "5")
        long retryAfterSeconds;

        /**
         * @param context the failed call
         * @return never
         * @throws ShopUnavailableException always
         */
        @Override
        public Optional<Phone> handle(ExecutionContext context) {
            Throwable failure = context.getFailure();
            LOG.warning("Shop unavailable for the lookup of shop " + context.getParameters()[0] + " phone "
                    + context.getParameters()[1] + ": " + failure);
            throw new ShopUnavailableException(retryAfterSeconds, failure);
        }
    }
}
