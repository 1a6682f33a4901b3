package io.twd.order.interfaces.rest;

import io.twd.order.application.DependencyUnavailableException;
import io.twd.platform.interfaces.rest.Problem;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Delivery or shop is down, too slow or overloaded (docs/architecture.md §1: "stop taking orders for a while
 * and ask the customer to order again shortly"), or the identity provider cannot give the order
 * service its own access token: 503 with {@code Retry-After} (seconds) and an RFC 9457 problem of
 * type {@code urn:twd:problem:delivery-unavailable}, {@code urn:twd:problem:shop-unavailable} or
 * {@code urn:twd:problem:identity-unavailable}. Nothing was applied.
 */
@Provider
public class DependencyUnavailableMapper implements ExceptionMapper<DependencyUnavailableException> {

    @Context
    UriInfo uriInfo;

    /**
     * @param exception the failure, with its retry-after time
     * @return the 503 problem response
     */
    @Override
    public Response toResponse(DependencyUnavailableException exception) {
        long seconds = exception.retryAfterSeconds();
        Problem problem = Problem.of(exception.problemName(), exception.title(), 503,
                exception.reason() + " Please try again in " + seconds + " seconds.");
        if (uriInfo != null) {
            problem = problem.at("/" + uriInfo.getPath().replaceFirst("^/", ""));
        }
        return Response.status(503).header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                .type(MediaType.valueOf(Problem.MEDIA_TYPE)).entity(problem).build();
    }
}
