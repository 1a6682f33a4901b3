package io.twd.order.infrastructure.shop;

import io.twd.platform.infrastructure.health.WarmUpTask;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Warms the REST client of the shop service before the order service takes traffic: one lookup
 * of a serial number no shop has (a read). Its answer, or a failure to connect, both count as
 * warmed: the order service's readiness must not wait for the shop, which may be down while
 * orders for known phones are still taken.
 */
@ApplicationScoped
public class ShopClientWarmUp implements WarmUpTask {

    @Inject
    @RestClient
    ShopClient client;

    /** @return {@code "shop-client"} */
    @Override
    public String name() {
        return "shop-client";
    }

    /** Looks the phone up; never throws for the shop's answer or its absence. */
    @Override
    public void run() {
        try {
            client.find(1, "warm-up", 1);
        } catch (WebApplicationException | ProcessingException expected) {
            // the shop answered, or is not reachable: the client has done its work
        }
    }
}
