package io.twd.platform.interfaces.rest;

import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Bean Validation failures of resource method parameters: 400 with one {@code errors} entry
 * per invalid field. Declared for {@link ConstraintViolationException} so that it wins over
 * the JAX-RS runtime's own, non-problem mapper for validation errors.
 */
@Provider
public class ValidationProblemMapper implements ExceptionMapper<ConstraintViolationException> {

    @Context
    UriInfo uriInfo;

    /**
     * @param exception the violations of one request
     * @return a 400 {@code application/problem+json} response listing every invalid field
     */
    @Override
    public Response toResponse(ConstraintViolationException exception) {
        ProblemExceptionMapper mapper = new ProblemExceptionMapper();
        mapper.uriInfo = uriInfo;
        return mapper.problemFor(exception).at(mapper.path()).toResponse();
    }
}
