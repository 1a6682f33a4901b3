package io.twd.order.infrastructure.delivery;

/**
 * The connection to the delivery service was refused or reset before the request was sent or
 * answered: safe to retry, since every delivery request is idempotent by {@code orderId}.
 */
public class DeliveryUnreachableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param cause the client's exception */
    public DeliveryUnreachableException(Throwable cause) {
        super("The delivery service cannot be reached: " + cause.getMessage(), cause);
    }
}
