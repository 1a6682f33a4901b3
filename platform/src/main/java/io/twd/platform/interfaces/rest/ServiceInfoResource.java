package io.twd.platform.interfaces.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code GET /info}: which service answers, and in which version. It touches neither the
 * database nor the broker, so it also serves as the cheapest request a service can answer
 * (the HTTP ceiling the benchmarks compare against). The gateway routes it as
 * {@code GET /info/<service>}.
 */
@Path("/info")
@PermitAll
@ApplicationScoped
public class ServiceInfoResource {

    /** What {@code GET /info} answers. */
    public record ServiceInfo(String service, String version) {
    }

    private final ServiceInfo info;

    /**
     * @param service the service's name, from the server's {@code service.name} variable
     *                (shop, order, delivery, message or mypage)
     */
    @Inject
    public ServiceInfoResource(@ConfigProperty(name = "service.name", defaultValue = "unknown") String service) {
        this.info = new ServiceInfo(service, version());
    }

    /** @return the build's version, from {@code META-INF/twd-version.properties}; "unknown" if missing */
    private static String version() {
        java.util.Properties properties = new java.util.Properties();
        try (java.io.InputStream in = ServiceInfoResource.class.getResourceAsStream("/META-INF/twd-version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (java.io.IOException e) {
            return "unknown";
        }
        return properties.getProperty("version", "unknown");
    }

    /** For CDI's client proxy only. */
    protected ServiceInfoResource() {
        this.info = null;
    }

    /** @return {@code {"service": "<name>", "version": "<version>"}}, always 200 */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ServiceInfo info() {
        return info;
    }
}
