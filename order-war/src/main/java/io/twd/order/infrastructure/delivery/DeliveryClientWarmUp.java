package io.twd.order.infrastructure.delivery;

import io.twd.platform.infrastructure.health.WarmUpTask;
import io.twd.order.application.Deliveries;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Warms the REST client of the delivery service before the order service takes traffic: one
 * delivery request without a token, which delivery refuses (401) without looking at it. Its
 * answer, or a failure to connect, both count as warmed (the client's proxy, its JSON binding
 * and HTTP stack are loaded either way): the order service's readiness must not wait for
 * delivery, which may be down while orders are still read.
 *
 * <p>Then one cancel through {@link RestDeliveries}, the fault-tolerant adapter, in a request of
 * its own without a caller: the MicroProfile Fault Tolerance interceptors (timeout, retry,
 * circuit breaker, bulkhead, fallback) run for the first time, and the call stops where the
 * caller's token is needed, before anything is sent. It counts as a success for the circuit (not
 * a failure it is opened by) and is not retried. Measured on a restarted order server: its first
 * cancel took 636 ms, later ones about 200 ms, while the orders after that first cancel were at
 * their usual speed.
 */
@ApplicationScoped
public class DeliveryClientWarmUp implements WarmUpTask {

    @Inject
    @RestClient
    DeliveryClient client;

    @Inject
    Deliveries deliveries;

    /** @return {@code "delivery-client"} */
    @Override
    public String name() {
        return "delivery-client";
    }

    /**
     * Sends the refused request, then runs the adapter's interceptors; never throws for
     * delivery's answer or its absence.
     */
    @Override
    @ActivateRequestContext
    public void run() {
        try {
            client.request(null, new DeliveryClient.DeliveryRequest(0, "warm-up", null, 0, "warm-up", "warm-up"));
        } catch (WebApplicationException | ProcessingException | DeliveryBusyException expected) {
            // 401 from delivery, delivery not reachable or busy: the client has done its work
        }
        try {
            deliveries.cancel(0);
        } catch (RuntimeException expected) {
            // no caller's token to propagate (IllegalStateException): stopped before the call, as
            // intended; whatever else it met, the interceptors have run, and the warm-up must not
            // keep the server from being ready
        }
    }
}
