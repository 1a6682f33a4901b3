package io.twd.order.application;

/**
 * The order service has not heard of the phone yet (the shop's {@code EqpRegistered} is still on
 * its way) and the shop service cannot be asked right now (down, too slow, overloaded, or the
 * circuit breaker is open): the order was not placed. The REST layer answers 503 with
 * {@code Retry-After}, problem type {@code urn:twd:problem:shop-unavailable}. A phone the order
 * service knows is ordered without asking the shop (docs/architecture.md §1: orders are taken while the shop
 * is down).
 */
public class ShopUnavailableException extends DependencyUnavailableException {

    private static final long serialVersionUID = 1L;

    /**
     * @param retryAfterSeconds when the client should try again, in seconds, 1 or more
     * @param cause             what failed; may be null
     */
    public ShopUnavailableException(long retryAfterSeconds, Throwable cause) {
        super("shop-unavailable", "Shop temporarily unavailable",
                "This phone is new to the order service and the shop cannot confirm it right now, so nothing was"
                + " changed.", retryAfterSeconds, cause);
    }
}
