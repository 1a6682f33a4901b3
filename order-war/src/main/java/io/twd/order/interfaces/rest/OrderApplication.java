package io.twd.order.interfaces.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

/** The order service's REST API, at the server's root. */
@ApplicationPath("/")
@OpenAPIDefinition(info = @Info(title = "Tword-Direct shop: order service", version = "1.0",
        description = "Orders: place, get, list and cancel; the synchronous call to delivery."))
public class OrderApplication extends Application {
}
