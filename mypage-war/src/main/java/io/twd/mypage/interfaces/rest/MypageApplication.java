package io.twd.mypage.interfaces.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

/** The mypage service's REST API, at the server's root: {@code /mypages}. */
@ApplicationPath("/")
@OpenAPIDefinition(info = @Info(title = "Tword-Direct shop: mypage service", version = "1.0",
        description = "The customer's read model of orders and deliveries, built from events, with live updates."))
public class MypageApplication extends Application {
}
