package io.twd.order.infrastructure.delivery;

/**
 * The delivery service answered 503 {@code urn:twd:problem:contention}: its database rolled the
 * call's transaction back because concurrent changes contended for the same data, also on the
 * retries delivery made itself. Delivery is up and answering, so the circuit breaker does not
 * count this as a failure of delivery (the breaker is for delivery being down or too slow); the
 * client still gets 503 with {@code Retry-After}, and nothing was changed.
 */
public class DeliveryBusyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param detail the {@code detail} of delivery's problem body
     */
    public DeliveryBusyException(String detail) {
        super("The delivery service rolled the call back for contention: " + detail);
    }
}
