package io.twd.order.infrastructure.shop;

/**
 * The shop service failed a lookup it had received: it answered 5xx, or the connection broke
 * while the call was under way. Like a timeout or a refused connection, this means the shop is
 * unavailable (503 to the client, counted by the circuit breaker).
 */
public class ShopFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param reason what failed, e.g. "HTTP 500"
     * @param cause  the client's exception
     */
    public ShopFailedException(String reason, Throwable cause) {
        super("The shop service failed the lookup: " + reason, cause);
    }
}
