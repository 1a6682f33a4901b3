package io.twd.message.interfaces.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

/** The message service's REST API, at the server's root. */
@ApplicationPath("/")
@OpenAPIDefinition(info = @Info(title = "Tword-Direct shop: message service", version = "1.0",
        description = "Notifications: one message to the customer for every order status change."))
public class MessageApplication extends Application {
}
