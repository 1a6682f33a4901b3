package io.twd.shop.interfaces.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

/** The shop service's REST API, at the server's root: {@code /shops}. */
@ApplicationPath("/")
@OpenAPIDefinition(info = @Info(title = "Tword-Direct shop: shop service", version = "1.0",
        description = "Phones registered at dealer shops and their status."))
public class ShopApplication extends Application {
}
