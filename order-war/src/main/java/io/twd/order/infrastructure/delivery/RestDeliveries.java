package io.twd.order.infrastructure.delivery;

import io.twd.order.application.Deliveries;
import io.twd.order.domain.model.order.Order;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.logging.Logger;
import org.eclipse.microprofile.faulttolerance.Asynchronous;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * {@link Deliveries} over REST, guarded by MicroProfile Fault Tolerance. The annotation values
 * below are defaults; the effective ones come from MicroProfile Config
 * ({@code microprofile-config.properties}: {@code order.delivery.*}, overridable by environment,
 * e.g. {@code ORDER_DELIVERY_TIMEOUT_MS}):
 * <ul>
 *   <li>{@code @Timeout}: a call that takes longer than {@code order.delivery.timeout.ms} (2000 ms) fails;</li>
 *   <li>{@code @Retry}: once, after ~200 ms, only when the connection itself failed (the call is idempotent);</li>
 *   <li>{@code @CircuitBreaker}: opens when half of the last {@code order.delivery.circuit.volume} (4)
 *       calls failed, stays open {@code order.delivery.circuit.delay.ms} (5000 ms), during which
 *       calls fail at once, then lets a trial call through. A call the bulkhead refused is not a
 *       failure of delivery and does not count (else a burst of orders would open the circuit);</li>
 *   <li>{@code @Bulkhead}: at most {@code order.delivery.bulkhead} (32) calls at once, more are refused at once;</li>
 *   <li>{@code @Fallback}: every such failure becomes {@link io.twd.order.application.DeliveryUnavailableException}
 *       (503, {@code Retry-After: order.delivery.retry-after.seconds}, 5 s).</li>
 * </ul>
 */
@ApplicationScoped
public class RestDeliveries implements Deliveries {

    private static final Logger LOG = Logger.getLogger(RestDeliveries.class.getName());

    @Inject
    @RestClient
    DeliveryClient client;

    @Override
    @Timeout(2000)
    @Retry(maxRetries = 1, delay = 200, jitter = 100, retryOn = DeliveryUnreachableException.class)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5000, successThreshold = 1,
            skipOn = {DeliveryRejectedException.class, BulkheadException.class})
    @Bulkhead(32)
    @Fallback(value = DeliveryFallback.Open.class, skipOn = DeliveryRejectedException.class)
    public Long open(Order order) {
        try {
            return client.request(new DeliveryClient.DeliveryRequest(order.getId(), order.getCustomerId(),
                    order.getCustomerEmail(), order.getShopId(), order.getEqpNm(), order.getEqpSernum())).id();
        } catch (WebApplicationException e) {
            throw translate(e);
        } catch (ProcessingException e) {
            throw translate(e);
        }
    }

    @Override
    @Timeout(2000)
    @Retry(maxRetries = 1, delay = 200, jitter = 100, retryOn = DeliveryUnreachableException.class)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5000, successThreshold = 1,
            skipOn = {DeliveryRejectedException.class, BulkheadException.class})
    @Bulkhead(32)
    @Fallback(value = DeliveryFallback.Cancel.class, skipOn = DeliveryRejectedException.class)
    public CancelOutcome cancel(long orderId) {
        try {
            client.cancel(orderId);
            return CancelOutcome.CANCELLED;
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status == 404) {
                return CancelOutcome.NO_DELIVERY;
            }
            if (status == 409) {
                return CancelOutcome.ALREADY_SHIPPED;
            }
            throw translate(e);
        } catch (ProcessingException e) {
            throw translate(e);
        }
    }

    @Override
    @Asynchronous
    @Timeout(2000)
    @Retry(maxRetries = 2, delay = 1000, jitter = 200, retryOn = DeliveryUnreachableException.class)
    @Bulkhead(value = 2, waitingTaskQueue = 100)
    @Fallback(fallbackMethod = "discardFallback")
    public CompletionStage<Void> discard(long orderId) {
        try {
            client.discard(orderId);
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() != 409) {
                throw translate(e);
            }
            // 409: the order did commit after all (its delivery is confirmed); nothing to discard.
        } catch (ProcessingException e) {
            throw translate(e);
        }
        return CompletableFuture.completedFuture(null);
    }

    CompletionStage<Void> discardFallback(long orderId) {
        LOG.info("Could not discard the delivery request of uncommitted order " + orderId
                + "; delivery expires it unconfirmed");
        return CompletableFuture.completedFuture(null);
    }

    private static RuntimeException translate(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return status >= 400 && status < 500 ? new DeliveryRejectedException(status, e) : e;
    }

    private static RuntimeException translate(ProcessingException e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return new DeliveryUnreachableException(e);
            }
        }
        return e;
    }
}
