package io.twd.order.infrastructure.delivery;

/**
 * The delivery service answered a request with an unexpected 4xx: the request itself is wrong,
 * so retrying or opening the circuit would not help. Surfaces as a 500 problem.
 */
public class DeliveryRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param status the HTTP status delivery answered
     * @param cause  the client's exception
     */
    public DeliveryRejectedException(int status, Throwable cause) {
        super("The delivery service rejected the request with HTTP " + status, cause);
    }
}
