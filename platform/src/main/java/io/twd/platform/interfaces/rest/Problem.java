package io.twd.platform.interfaces.rest;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * An RFC 9457 "problem details" body ({@code application/problem+json}).
 *
 * @param type     URI naming the kind of problem, {@code urn:twd:problem:<name>}
 * @param title    short summary of the kind of problem
 * @param status   the HTTP status code, 400–599
 * @param detail   what went wrong with this request, for a person
 * @param instance the request path the problem occurred on; may be null
 * @param errors   one entry per invalid field (extension member); empty when not a validation problem
 */
@JsonbPropertyOrder({"type", "title", "status", "detail", "instance", "errors"})
public record Problem(String type, String title, int status, String detail, String instance,
                      List<FieldError> errors) {

    /** The media type of problem bodies, RFC 9457 §3. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** Prefix of every problem type URI of this system. */
    public static final String TYPE_PREFIX = "urn:twd:problem:";

    /**
     * One invalid input field.
     *
     * @param field   the JSON property name, e.g. {@code eqpSernum}
     * @param message why its value was refused
     */
    public record FieldError(String field, String message) {
    }

    /**
     * @param name   the problem's short name, e.g. {@code duplicate-phone}
     * @param title  short summary of the kind of problem
     * @param status HTTP status code
     * @param detail what went wrong, for a person
     * @return a problem without field errors and without instance
     */
    public static Problem of(String name, String title, int status, String detail) {
        return new Problem(TYPE_PREFIX + name, title, status, detail, null, List.of());
    }

    /**
     * @param instance the request path, e.g. {@code /shops}
     * @return a copy of this problem with its {@code instance} set
     */
    public Problem at(String instance) {
        return new Problem(type, title, status, detail, instance, errors);
    }

    /**
     * @param fieldErrors the invalid fields
     * @return a copy of this problem carrying the given field errors
     */
    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, instance, List.copyOf(fieldErrors));
    }

    /** @return a response with this problem as its {@code application/problem+json} body */
    public Response toResponse() {
        return Response.status(status).type(MediaType.valueOf(MEDIA_TYPE)).entity(this).build();
    }
}
