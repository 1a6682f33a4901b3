package io.twd.testkit;

/**
 * Who usually sends a request in the spec's story, for tests and drills that do not sign in as
 * somebody in particular: a manager registers phones, the customer
 * {@value IdentityProvider#DEFAULT_CUSTOMER} places and cancels orders, staff ship and read
 * everything; delivery's internal API ({@code /deliveries/requests...}) is called by the order
 * service with its own token ({@link IdentityProvider#usualAuthorization}).
 */
public final class UsualCallers {

    private UsualCallers() {
    }

    /**
     * @param method the HTTP method, e.g. {@code POST}
     * @param path   the request path, e.g. {@code /orders/12/cancel}
     * @return the user name to sign in as: {@value IdentityProvider#MANAGER},
     *     {@value IdentityProvider#DEFAULT_CUSTOMER} or {@value IdentityProvider#STAFF}
     */
    public static String user(String method, String path) {
        String p = path.replaceAll("/+$", "");
        if ("POST".equalsIgnoreCase(method) && p.equals("/shops")) {
            return IdentityProvider.MANAGER;
        }
        if (("POST".equalsIgnoreCase(method) && p.matches("/orders(/[0-9]+/cancel)?"))
                || ("DELETE".equalsIgnoreCase(method) && p.matches("/orders/[0-9]+"))) {
            return IdentityProvider.DEFAULT_CUSTOMER;
        }
        return IdentityProvider.STAFF;
    }

    /**
     * @param path a request path
     * @return whether it is delivery's internal API, which the order service calls with its own token
     */
    public static boolean isInternal(String path) {
        return path.startsWith("/deliveries/requests");
    }
}
