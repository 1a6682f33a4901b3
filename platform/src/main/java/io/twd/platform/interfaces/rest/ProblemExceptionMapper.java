package io.twd.platform.interfaces.rest;

import io.twd.platform.infrastructure.logging.LogText;
import io.twd.platform.domain.DomainException;
import io.twd.platform.infrastructure.persistence.TransactionRollbacks;
import jakarta.json.bind.JsonbException;
import jakarta.transaction.RollbackException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.transaction.xa.XAException;

/**
 * Turns every exception that leaves a resource method into an RFC 9457 problem response, so
 * that no client ever sees an HTML error page or a stack trace:
 * <ul>
 *   <li>{@link DomainException}: 404, 409 or 422 as its reason says;</li>
 *   <li>Bean Validation failures: 400 with one {@code errors} entry per invalid field, and the same for
 *       an {@link InvalidParameterException};</li>
 *   <li>unreadable JSON: 400, naming the field when the binding says which, never echoing the
 *       parser's message;</li>
 *   <li>401 (not signed in) with {@code WWW-Authenticate: Bearer} (RFC 6750, §3) and 403 (a role or
 *       caller that is not allowed);</li>
 *   <li>other {@link WebApplicationException}s: their own status, with our own sentence for it: a
 *       framework's message (RESTEasy's names the request's full URL, and its own codes) goes to the
 *       log only; the message of one of this project's own subclasses (package {@code io.twd}) is
 *       ours and is the detail; an {@code Allow} or {@code Retry-After} header is kept;</li>
 *   <li>a commit the database failed, which the transaction manager then rolled back (a JTA
 *       {@link RollbackException} caused by the database's {@link XAException} or
 *       {@link SQLException}): 503 {@code temporarily-unavailable} with
 *       {@code Retry-After: }{@value #RETRY_AFTER_SECONDS}, nothing was changed. A request's
 *       transaction holds the service's database alone (events go through the outbox), so it
 *       commits in one phase and has no other resource to fail or to leave half done;</li>
 *   <li>a change the database rolled back for contention: an {@link SQLException} of SQLSTATE
 *       class {@code 40}, transaction rollback (ISO/IEC 9075-2, §24.1; a lock timeout, a deadlock
 *       or a serialization failure), which reaches a client only after the service ran it again
 *       in vain ({@link io.twd.platform.infrastructure.persistence.RetryOnContention}): 503
 *       {@value #CONTENTION} with {@code Retry-After: }{@value #CONTENTION_RETRY_AFTER_SECONDS},
 *       nothing was changed. A distinct type, so that a caller service tells a busy database
 *       from a service that is down (the order service's circuit breaker counts only the
 *       latter);</li>
 *   <li>anything else: 500, logged, with no internals in the body; it does not claim that nothing
 *       was applied, since the failure may have come after the commit.</li>
 * </ul>
 */
@Provider
public class ProblemExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ProblemExceptionMapper.class.getName());

    /** The property a JSON-B binding error names, e.g. "... property 'shopId' ...". */
    private static final Pattern PROPERTY = Pattern.compile("property '?([A-Za-z_][A-Za-z0-9_]{0,63})'?");

    /** Retry-After (seconds) of the 503 answered when the database failed a commit, which rolled back. */
    public static final int RETRY_AFTER_SECONDS = 5;

    /** The problem name ({@code urn:twd:problem:contention}) of a change the database rolled back for contention. */
    public static final String CONTENTION = "contention";

    /** Retry-After (seconds) of the 503 answered when the database rolled a change back for contention. */
    public static final int CONTENTION_RETRY_AFTER_SECONDS = 1;

    /** The {@code detail} of every 401: what the client must do. */
    public static final String UNAUTHORIZED_DETAIL = "Sign in: this request needs a valid bearer access token "
            + "(it was missing, expired, or not issued for this system).";

    @Context
    UriInfo uriInfo;

    /**
     * @param exception what a resource method (or the JAX-RS runtime) threw
     * @return the problem response for it; never null
     */
    @Override
    public Response toResponse(Throwable exception) {
        Response response = problemFor(exception).at(path()).toResponse();
        if (exception instanceof WebApplicationException web) {
            Response.ResponseBuilder kept = Response.fromResponse(response);
            // RFC 9110, §10.2.3: when to try again (e.g. a 503 of a resource at its limit); §10.2.1:
            // the methods a 405's resource allows
            for (String header : List.of("Retry-After", "Allow")) {
                if (web.getResponse().getHeaderString(header) != null) {
                    kept.header(header, web.getResponse().getHeaderString(header));
                }
            }
            response = kept.build();
            if (response.getHeaderString("Retry-After") != null) {
                return response;
            }
        }
        if (response.getStatus() == 503 && commitRolledBack(exception) != null) {
            return Response.fromResponse(response).header("Retry-After", RETRY_AFTER_SECONDS).build();
        }
        if (response.getStatus() == 503 && TransactionRollbacks.isRollback(exception)) {
            return Response.fromResponse(response).header("Retry-After", CONTENTION_RETRY_AFTER_SECONDS).build();
        }
        if (response.getStatus() == 401) {
            // RFC 6750, §3: a 401 names the scheme the client must use
            return Response.fromResponse(response).header("WWW-Authenticate", "Bearer realm=\"twd\"").build();
        }
        return response;
    }

    /**
     * @param exception any exception
     * @return the problem that describes it to a client; never null
     */
    Problem problemFor(Throwable exception) {
        if (exception instanceof DomainException domain) {
            return Problem.of(domain.problemType(), titleOf(domain.reason()), domain.reason().status(),
                    domain.getMessage());
        }
        if (exception instanceof ConstraintViolationException invalid) {
            return Problem.of("invalid-request", "Invalid request", 400,
                            "The request has invalid fields; see errors.")
                    .withErrors(fieldErrors(invalid));
        }
        if (exception instanceof InvalidParameterException invalid) {
            return Problem.of("invalid-request", "Invalid request", 400, "The request has invalid fields; see errors.")
                    .withErrors(List.of(new Problem.FieldError(invalid.parameter(), invalid.getMessage())));
        }
        Throwable unreadable = unreadableJson(exception);
        if (unreadable != null) {
            // The parser's own message names classes and positions: log it, answer in general terms.
            LOG.fine(() -> "Unreadable body on " + LogText.quote(path()) + ": " + firstLine(unreadable));
            String field = propertyNamed(unreadable);
            Problem malformed = Problem.of("malformed-json", "Malformed JSON", 400,
                    "The request body is not valid JSON of the expected shape"
                            + (field == null ? "." : ": see errors."));
            return field == null ? malformed
                    : malformed.withErrors(List.of(new Problem.FieldError(field, "has the wrong type or format")));
        }
        if (exception instanceof NotAuthorizedException) {
            return Problem.of("unauthorized", "Unauthorized", 401, UNAUTHORIZED_DETAIL);
        }
        if (exception instanceof ForbiddenException forbidden) {
            // the Jakarta REST runtime's own refusal (@RolesAllowed) says only "Unauthorized"
            return Problem.of("forbidden", "Forbidden", 403, forbidden instanceof CallerNotAllowedException
                    ? forbidden.getMessage() : "Your role does not allow this request.");
        }
        if (exception instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            boolean ours = web.getClass().getName().startsWith("io.twd.") && web.getMessage() != null;
            if (!ours) {
                LOG.fine(() -> "HTTP " + status + " on " + LogText.quote(path()) + ": " + firstLine(web));
            }
            return Problem.of("http-" + status, web.getResponse().getStatusInfo().getReasonPhrase(), status,
                    ours ? web.getMessage() : sentenceFor(status));
        }
        Throwable rolledBack = commitRolledBack(exception);
        if (rolledBack != null) {
            LOG.log(Level.WARNING, "Change on " + LogText.quote(path()) + " rolled back at commit: " + rolledBack,
                    exception);
            return Problem.of("temporarily-unavailable", "Temporarily unavailable", 503,
                    "The database could not commit the change, so nothing was changed. Please try again in "
                            + RETRY_AFTER_SECONDS + " seconds.");
        }
        SQLException contention = TransactionRollbacks.rollbackCause(exception);
        if (contention != null) {
            LOG.log(Level.WARNING, "Change on " + LogText.quote(path()) + " rolled back for contention (SQLSTATE "
                    + contention.getSQLState() + ")", exception);
            return Problem.of(CONTENTION, "Contention", 503,
                    "Too many changes of the same data at once: the database rolled this one back, so nothing"
                            + " was changed. Please try again in " + CONTENTION_RETRY_AFTER_SECONDS + " second.");
        }
        LOG.log(Level.SEVERE, "Unhandled error on " + LogText.quote(path()), exception);
        // The failure may have come after the change committed (e.g. while writing the response):
        // do not claim it was not applied.
        return Problem.of("internal-error", "Internal error", 500,
                "The request could not be completed. It may or may not have been applied: read the current "
                        + "state before trying again.");
    }

    /**
     * A commit the database failed and the transaction manager rolled back: a JTA
     * {@link RollbackException} caused by an {@link XAException} or an {@link SQLException} of
     * the database. A rollback for contention ({@link TransactionRollbacks}) is a problem of its own.
     */
    private static Throwable commitRolledBack(Throwable exception) {
        if (TransactionRollbacks.rollbackCause(exception) != null) {
            return null;
        }
        boolean rolledBack = false;
        for (Throwable t = exception; t != null; t = t.getCause()) {
            rolledBack |= t instanceof RollbackException;
            if (rolledBack && (t instanceof XAException || t instanceof SQLException)) {
                return t;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /**
     * @param status an HTTP status the Jakarta REST runtime answered with
     * @return our own sentence for it, naming nothing of the request or the runtime
     */
    static String sentenceFor(int status) {
        return switch (status) {
            case 400 -> "The request is malformed.";
            case 404 -> "There is nothing at this path.";
            case 405 -> "This path does not take this method; the Allow header lists those it takes.";
            case 406 -> "This path cannot answer in any of the media types the request accepts.";
            case 415 -> "This path does not take a body of this media type: send application/json.";
            case 503 -> "The service cannot take this request right now. Please try again shortly.";
            default -> "The request could not be served.";
        };
    }

    private static String titleOf(DomainException.Reason reason) {
        return switch (reason) {
            case NOT_FOUND -> "Not found";
            case CONFLICT -> "Conflict";
            case UNPROCESSABLE -> "Unprocessable request";
        };
    }

    private static List<Problem.FieldError> fieldErrors(ConstraintViolationException invalid) {
        return invalid.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(leafName(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field).thenComparing(Problem.FieldError::message))
                .toList();
    }

    private static String leafName(ConstraintViolation<?> violation) {
        String name = "";
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getName() != null) {
                name = node.getName();
            }
        }
        // A violated method parameter's node is named "argN" or "<method>.arg0"; a null body shows as that.
        return name.matches("arg\\d+") ? "body" : name;
    }

    private static Throwable unreadableJson(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof JsonbException || t instanceof jakarta.json.JsonException) {
                return t;
            }
            if (t instanceof ProcessingException && t.getCause() == null) {
                return t;
            }
        }
        return null;
    }

    /** The JSON property a JSON-B binding error names ("... property 'shopId' ..."), if any. */
    static String propertyNamed(Throwable unreadable) {
        for (Throwable t = unreadable; t != null; t = t.getCause()) {
            Matcher property = PROPERTY.matcher(String.valueOf(t.getMessage()));
            if (property.find()) {
                return property.group(1);
            }
        }
        return null;
    }

    private static String firstLine(Throwable t) {
        String message = String.valueOf(t.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    String path() {
        try {
            return uriInfo == null ? null : "/" + uriInfo.getPath().replaceFirst("^/", "");
        } catch (RuntimeException outsideRequest) {
            return null;
        }
    }
}
