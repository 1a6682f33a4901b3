package io.twd.order.infrastructure.identity;

import io.twd.order.application.DependencyUnavailableException;

/**
 * The order service has no valid access token of its own and cannot obtain one now: the identity
 * provider is down, slow, or refuses the client's credentials (the cause is in the log). A call
 * that needs the token is not made; the client gets 503 with {@code Retry-After}. Not a failure of
 * the service that was to be called, so it does not count against that service's circuit breaker.
 */
public class ServiceIdentityUnavailableException extends DependencyUnavailableException {

    private static final long serialVersionUID = 1L;

    /** Seconds the client is asked to wait. */
    static final long RETRY_AFTER_SECONDS = 5;

    /** @param cause what failed; may be null */
    public ServiceIdentityUnavailableException(Throwable cause) {
        super("identity-unavailable", "Sign-in service temporarily unavailable",
                "The order service cannot sign in to the delivery service right now, so nothing was changed.",
                RETRY_AFTER_SECONDS, cause);
    }
}
