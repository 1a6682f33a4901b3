package io.twd.order.infrastructure.delivery;

import io.twd.order.infrastructure.identity.ServiceIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.faulttolerance.Asynchronous;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Discards, in the background, the delivery request of an order that did not commit (best
 * effort: delivery also expires unconfirmed requests), with the order service's own identity. A
 * bean of its own so that its asynchronous Fault Tolerance applies.
 */
@ApplicationScoped
public class DeliveryDiscards {

    @Inject
    @RestClient
    DeliveryClient client;

    @Inject
    ServiceIdentity identity;

    /**
     * @param orderId the uncommitted order's id
     * @return completed when delivery discarded the request, found it confirmed (409: the order
     *     did commit after all), or could not be reached, or no access token could be had
     *     ({@link DeliveryFallback.Discard} logs why; delivery's sweeper expires the request)
     */
    @Asynchronous
    @Timeout(2000)
    @Retry(maxRetries = 2, delay = 1000, jitter = 200, retryOn = DeliveryUnreachableException.class)
    @Bulkhead(value = 2, waitingTaskQueue = 100)
    @Fallback(DeliveryFallback.Discard.class)
    public CompletionStage<Void> discard(long orderId) {
        try {
            client.discard(identity.authorization(), orderId);
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() != 409) {
                throw RestDeliveries.translate(e);
            }
            // 409: the order did commit after all (its delivery is confirmed); nothing to discard.
        } catch (ProcessingException e) {
            throw RestDeliveries.translate(e);
        }
        return CompletableFuture.completedFuture(null);
    }
}
