package io.twd.order.infrastructure.delivery;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The access token of the request being served, to propagate to delivery: the order service
 * calls delivery on behalf of its caller (a customer placing or cancelling an order, staff or a
 * manager cancelling one), and delivery checks the same token.
 */
@RequestScoped
public class CallerToken {

    @Inject
    JsonWebToken token;

    /**
     * @return the value of an {@code Authorization} header carrying the caller's token,
     *     {@code Bearer <jwt>} (RFC 6750, §2.1)
     * @throws IllegalStateException if the request was not authenticated with a token (the
     *     resources that reach delivery all require one)
     */
    public String header() {
        String raw = token == null ? null : token.getRawToken();
        if (raw == null) {
            throw new IllegalStateException("no access token to propagate to delivery");
        }
        return "Bearer " + raw;
    }
}
