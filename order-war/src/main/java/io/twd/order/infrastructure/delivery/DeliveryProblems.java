package io.twd.order.infrastructure.delivery;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/**
 * Reads the problem body of a 503 of the delivery service (MicroProfile Rest Client response
 * exception mapper of {@link DeliveryClient}): {@code urn:twd:problem:contention} becomes
 * {@link DeliveryBusyException}; any other 503 is left to the client's default mapping (a
 * {@link jakarta.ws.rs.WebApplicationException}, which {@link RestDeliveries} takes for delivery
 * being unavailable).
 */
public class DeliveryProblems implements ResponseExceptionMapper<DeliveryBusyException> {

    /** The problem type delivery answers when its database rolled a change back for contention. */
    static final String CONTENTION = "urn:twd:problem:contention";

    /**
     * @param status  the HTTP status of delivery's answer
     * @param headers its headers
     * @return true for a 503
     */
    @Override
    public boolean handles(int status, MultivaluedMap<String, Object> headers) {
        return status == 503;
    }

    /**
     * @param response delivery's 503
     * @return {@link DeliveryBusyException} if its problem type is {@value #CONTENTION}, else null
     *     (the default mapping applies)
     */
    @Override
    public DeliveryBusyException toThrowable(Response response) {
        try {
            String body = response.readEntity(String.class);
            try (JsonReader reader = Json.createReader(new StringReader(body == null ? "" : body))) {
                JsonObject problem = reader.readObject();
                if (CONTENTION.equals(problem.getString("type", null))) {
                    return new DeliveryBusyException(problem.getString("detail", ""));
                }
            }
        } catch (JsonException | IllegalStateException | ClassCastException | jakarta.ws.rs.ProcessingException e) {
            // no problem body (e.g. a proxy's 503): delivery is unavailable
        }
        return null;
    }
}
