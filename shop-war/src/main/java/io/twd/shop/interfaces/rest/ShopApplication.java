package io.twd.shop.interfaces.rest;

import io.twd.platform.interfaces.rest.Roles;
import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The shop service's REST API, at the server's root: {@code /shops}. Signed in: requests carry an
 * OAuth 2.0 bearer access token from the OpenID Connect provider (RFC 6750), checked by
 * MicroProfile JWT ({@code liberty/jwt.xml}); each resource method names the roles it admits.
 */
@ApplicationPath("/")
@OpenAPIDefinition(info = @Info(title = "Tword-Direct shop: shop service", version = "1.0",
        description = "Phones registered at dealer shops and their status."))
@LoginConfig(authMethod = "MP-JWT", realmName = "twd")
@DeclareRoles({Roles.CUSTOMER, Roles.MANAGER, Roles.STAFF})
@SecurityScheme(securitySchemeName = Roles.BEARER_SCHEME, type = SecuritySchemeType.HTTP, scheme = "bearer",
        bearerFormat = "JWT", description = "An access token of the OpenID Connect provider (realm twd); "
        + "locally: ./twd token kim")
public class ShopApplication extends Application {
}
