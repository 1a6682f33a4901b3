package io.twd.order.infrastructure.delivery;

import io.twd.order.application.Deliveries;
import io.twd.order.domain.model.order.Order;
import io.twd.order.infrastructure.identity.ServiceIdentity;
import io.twd.order.infrastructure.rest.CallFailures;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
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
 *       calls fail at once, then lets a trial call through. Only a failure of delivery counts: a
 *       timeout, a refused or broken connection, a 5xx ({@link CallFailures}). A call the bulkhead
 *       refused does not (else a burst of orders would open the circuit), nor does a 4xx, an
 *       error of this service, or a 503 {@code contention} ({@link DeliveryBusyException}: delivery
 *       is up, its database rolled one change back for contention, even after its own retries);</li>
 *   <li>{@code @Bulkhead}: at most {@code order.delivery.bulkhead} (32) calls at once, more are refused at once;</li>
 *   <li>{@code @Fallback}: each of these failures, a busy delivery, an open circuit and a full bulkhead become
 *       {@link io.twd.order.application.DeliveryUnavailableException} (503, {@code Retry-After:
 *       order.delivery.retry-after.seconds}, 5 s). Anything else (an unexpected 4xx, a response
 *       that cannot be read, a programming error) is thrown on: a 500, logged with its cause.</li>
 * </ul>
 * Every call carries the order service's own access token ({@link ServiceIdentity}), never the
 * caller's: when no token can be had, the call is not made and the command fails with 503
 * ({@link io.twd.order.infrastructure.identity.ServiceIdentityUnavailableException}), which does
 * not count against delivery's circuit. The delivery that {@link #open} gets back must be the
 * order's own (same order and customer), else the order is not placed.
 */
@ApplicationScoped
public class RestDeliveries implements Deliveries {

    /** The media type of delivery's error answers (RFC 9457). */
    private static final MediaType PROBLEM = MediaType.valueOf("application/problem+json");

    @Inject
    @RestClient
    DeliveryClient client;

    @Inject
    ServiceIdentity identity;

    @Inject
    DeliveryDiscards discards;

    @Override
    @Timeout(2000)
    @Retry(maxRetries = 1, delay = 200, jitter = 100, retryOn = DeliveryUnreachableException.class)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5000, successThreshold = 1,
            failOn = {TimeoutException.class, DeliveryUnreachableException.class, DeliveryFailedException.class})
    @Bulkhead(32)
    @Fallback(value = DeliveryFallback.Open.class, applyOn = {TimeoutException.class, CircuitBreakerOpenException.class,
            BulkheadException.class, DeliveryUnreachableException.class, DeliveryFailedException.class,
            DeliveryBusyException.class})
    public Long open(Order order) {
        DeliveryClient.DeliveryView delivery;
        try {
            delivery = client.request(identity.authorization(), new DeliveryClient.DeliveryRequest(order.getId(),
                    order.getCustomerId(), order.getCustomerEmail(), order.getShopId(), order.getEqpNm(),
                    order.getEqpSernum()));
        } catch (WebApplicationException e) {
            throw translate(e);
        } catch (ProcessingException e) {
            throw translate(e);
        }
        if (delivery.orderId() != order.getId() || !order.getCustomerId().equals(delivery.customerId())) {
            throw new DeliveryMismatchException(order.getId(), delivery.orderId());
        }
        return delivery.id();
    }

    @Override
    @Timeout(2000)
    @Retry(maxRetries = 1, delay = 200, jitter = 100, retryOn = DeliveryUnreachableException.class)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5000, successThreshold = 1,
            failOn = {TimeoutException.class, DeliveryUnreachableException.class, DeliveryFailedException.class})
    @Bulkhead(32)
    @Fallback(value = DeliveryFallback.Cancel.class, applyOn = {TimeoutException.class, CircuitBreakerOpenException.class,
            BulkheadException.class, DeliveryUnreachableException.class, DeliveryFailedException.class,
            DeliveryBusyException.class})
    public CancelOutcome cancel(long orderId) {
        try {
            client.cancel(identity.authorization(), orderId);
            return CancelOutcome.CANCELLED;
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status == 404 && answeredByDelivery(e.getResponse())) {
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

    /** Asks delivery, in the background, to discard the request of an order that did not commit. */
    @Override
    public CompletionStage<Void> discard(long orderId) {
        return discards.discard(orderId);
    }

    /**
     * @param e an HTTP error answer of delivery
     * @return {@link DeliveryFailedException} for a 5xx, or a 404 of delivery's server rather than
     *     of its application (delivery unavailable: {@link #answeredByDelivery}), else
     *     {@link DeliveryRejectedException} (a 500 of this service, not counted against delivery)
     */
    static RuntimeException translate(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500 || status == 404 && !answeredByDelivery(e.getResponse())) {
            return new DeliveryFailedException("HTTP " + status, e);
        }
        return new DeliveryRejectedException(status, e);
    }

    /**
     * Tells delivery's own answer from its server's: delivery answers every error with a problem
     * body (RFC 9457, {@code application/problem+json}), while its Liberty server answers 404 with a
     * page of its own while the application is not serving (starting, stopping, not deployed).
     * Such a 404 must not read as "no delivery for this order": the order would then be cancelled
     * without delivery's word that it has not shipped.
     *
     * @param response an HTTP error answer from delivery's address
     * @return whether its body is a problem, i.e. delivery's application answered
     */
    static boolean answeredByDelivery(Response response) {
        MediaType type = response.getMediaType();
        return type != null && type.isCompatible(PROBLEM);
    }

    /**
     * @param e a failure of the call outside an HTTP answer
     * @return {@link DeliveryUnreachableException} (retried) for a refused connection,
     *     {@link DeliveryFailedException} for a connection that broke, else {@code e} itself (a
     *     500 of this service, logged with its cause)
     */
    static RuntimeException translate(ProcessingException e) {
        return switch (CallFailures.of(e)) {
            case UNREACHABLE -> new DeliveryUnreachableException(e);
            case BROKEN -> new DeliveryFailedException(String.valueOf(e.getMessage()), e);
            case OTHER -> e;
        };
    }
}
