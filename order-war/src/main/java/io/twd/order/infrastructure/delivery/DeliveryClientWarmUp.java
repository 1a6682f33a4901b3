package io.twd.order.infrastructure.delivery;

import io.twd.platform.infrastructure.health.WarmUpTask;
import jakarta.enterprise.context.ApplicationScoped;
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
 */
@ApplicationScoped
public class DeliveryClientWarmUp implements WarmUpTask {

    @Inject
    @RestClient
    DeliveryClient client;

    /** @return {@code "delivery-client"} */
    @Override
    public String name() {
        return "delivery-client";
    }

    /** Sends the refused request; never throws for delivery's answer or its absence. */
    @Override
    public void run() {
        try {
            client.request(null, new DeliveryClient.DeliveryRequest(0, "warm-up", null, 0, "warm-up", "warm-up"));
        } catch (WebApplicationException | ProcessingException expected) {
            // 401 from delivery, or delivery not reachable: the client has done its work
        }
    }
}
