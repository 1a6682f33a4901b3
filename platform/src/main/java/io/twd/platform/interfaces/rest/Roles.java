package io.twd.platform.interfaces.rest;

/**
 * The three roles of the spec's actors, and the role of the order service's own identity, as the
 * identity provider issues them: realm roles that reach the services in the access token's
 * {@code groups} claim (MicroProfile JWT 2.1, §4) and are the role names of {@code @RolesAllowed}.
 */
public final class Roles {

    /** A customer: orders phones, follows and cancels their own orders (spec requirements 2, 5, 7). */
    public static final String CUSTOMER = "customer";

    /** A manager: registers phones at the dealer shops (spec requirement 1); may read everything. */
    public static final String MANAGER = "manager";

    /** Shop staff: ship the ordered phones (spec requirement 4); may read everything. */
    public static final String STAFF = "staff";

    /**
     * The order service's own identity: the realm role of the service account of its confidential
     * client ({@code twd-order}), in the {@code groups} of the access tokens it obtains with the
     * OAuth 2.0 client-credentials grant (RFC 6749, §4.4). The only role delivery's internal
     * request API admits; no end user has it.
     */
    public static final String ORDER_SERVICE = "order-service";

    /**
     * Name of the OpenAPI security scheme every service declares: an HTTP bearer access token
     * (a JWT from the OpenID Connect provider). Each operation requires it and names the roles
     * it admits in its summary (an HTTP scheme takes no scopes in OpenAPI 3.0, which Liberty's
     * validator applies).
     */
    public static final String BEARER_SCHEME = "bearer";

    private Roles() {
    }
}
