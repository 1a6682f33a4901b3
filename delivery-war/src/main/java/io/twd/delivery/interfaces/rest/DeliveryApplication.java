package io.twd.delivery.interfaces.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

/** The delivery service's REST API, at the server's root: {@code /deliveries}. */
@ApplicationPath("/")
@OpenAPIDefinition(info = @Info(title = "Tword-Direct shop: delivery service", version = "1.0",
        description = "Deliveries: opened for committed orders, shipped by shop staff, cancelled with their order."))
public class DeliveryApplication extends Application {
}
