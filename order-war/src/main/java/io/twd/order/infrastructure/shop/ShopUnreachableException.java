package io.twd.order.infrastructure.shop;

/**
 * The connection to the shop service failed (refused, no route): the request never reached it,
 * so it is retried once.
 */
public class ShopUnreachableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param cause the client's failure */
    public ShopUnreachableException(Throwable cause) {
        super("Cannot connect to the shop service: " + cause.getMessage(), cause);
    }
}
