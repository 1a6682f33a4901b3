package io.twd.platform.interfaces.rest;

import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.Set;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who sent a request, as its verified MicroProfile JWT access token says: the rules of
 * ownership ("a customer's orders, mypage and notifications are theirs alone") are decided
 * here, once for every service.
 *
 * @param name  the caller's user name: the token's {@code upn} (MicroProfile JWT 2.1, §4),
 *              e.g. {@code kim}; the customer id of the orders a customer places
 * @param email the token's {@code email} claim if its {@code email_verified} claim is true (OpenID
 *              Connect Core 1.0, §5.1: the provider checked that the address is the user's), else
 *              null: the only address notifications may go to
 * @param roles the caller's roles among {@link Roles} (the token's {@code groups})
 */
public record Caller(String name, String email, Set<String> roles) {

    /**
     * @param security the request's security context, after MicroProfile JWT authenticated it
     * @return the caller
     * @throws NotAuthorizedException if the request is not authenticated (a resource method
     *     that calls this must be restricted with {@code @RolesAllowed})
     */
    public static Caller of(SecurityContext security) {
        Principal principal = security.getUserPrincipal();
        if (!(principal instanceof JsonWebToken token) || token.getName() == null) {
            throw new NotAuthorizedException("Sign in: this request needs a bearer access token", "Bearer");
        }
        Set<String> groups = token.getGroups() == null ? Set.of() : Set.copyOf(token.getGroups());
        Object email = token.getClaim(Claims.email.name());
        // a JSON true, whatever Java type the runtime gives the claim (Boolean or JsonValue)
        boolean verified = "true".equals(String.valueOf((Object) token.getClaim(Claims.email_verified.name())));
        return new Caller(token.getName(), email == null || !verified ? null : email.toString(), groups);
    }

    /** @return true if the caller is staff or a manager: they may read every customer's data */
    public boolean readsEveryone() {
        return roles.contains(Roles.STAFF) || roles.contains(Roles.MANAGER);
    }

    /**
     * @param customerId the customer who owns a resource (an order, a mypage entry, a
     *                   notification); may be null if the resource names none yet
     * @return true if the caller may see and act on it: its own customer, or staff or a manager
     */
    public boolean mayAccess(String customerId) {
        return readsEveryone() || name.equals(customerId);
    }

    /**
     * The customer whose data a list shows to this caller.
     *
     * @param requested the {@code customerId} filter of the request, or null for none
     * @return {@code requested} for staff and managers (null: everyone's); the caller's own name
     *     for a customer, whatever was requested
     * @throws CallerNotAllowedException if a customer asks for another customer's data
     */
    public String customerFilter(String requested) {
        if (readsEveryone()) {
            return requested;
        }
        if (requested != null && !requested.equals(name)) {
            throw new CallerNotAllowedException("A customer may see only their own data: leave out customerId, or give your own.");
        }
        return name;
    }
}
