package io.twd.order.application;

/**
 * The delivery service cannot be used right now (down, too slow, overloaded, or the circuit
 * breaker is open): the command was not applied. The REST layer answers 503 with
 * {@code Retry-After}, problem type {@code urn:twd:problem:delivery-unavailable}.
 */
public class DeliveryUnavailableException extends DependencyUnavailableException {

    private static final long serialVersionUID = 1L;

    /**
     * @param retryAfterSeconds when the client should try again, in seconds, 1 or more
     * @param cause             what failed; may be null
     */
    public DeliveryUnavailableException(long retryAfterSeconds, Throwable cause) {
        super("delivery-unavailable", "Delivery temporarily unavailable",
                "Deliveries cannot be arranged right now, so nothing was changed.", retryAfterSeconds, cause);
    }
}
