package io.twd.order.infrastructure.delivery;

/**
 * The delivery service failed a call it had received: it answered 5xx, or the connection broke
 * while the call was under way. Like a timeout or a refused connection, this means delivery is
 * unavailable (503 to the client, counted by the circuit breaker); it is not retried, since
 * delivery may be overloaded.
 */
public class DeliveryFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param reason what failed, e.g. "HTTP 503"
     * @param cause  the client's exception
     */
    public DeliveryFailedException(String reason, Throwable cause) {
        super("The delivery service failed the call: " + reason, cause);
    }
}
