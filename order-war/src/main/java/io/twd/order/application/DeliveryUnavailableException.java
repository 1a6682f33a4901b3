package io.twd.order.application;

/**
 * The delivery service cannot be used right now (down, too slow, overloaded, or the circuit
 * breaker is open): the command was not applied. The REST layer answers 503 with
 * {@code Retry-After} (design §1: "ask the customer to order again shortly").
 */
public class DeliveryUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long retryAfterSeconds;

    /**
     * @param retryAfterSeconds when the client should try again, in seconds, 1 or more
     * @param cause             what failed; may be null
     */
    public DeliveryUnavailableException(long retryAfterSeconds, Throwable cause) {
        super("The delivery service is unavailable", cause);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    /** @return seconds after which a retry may succeed, 1 or more */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
