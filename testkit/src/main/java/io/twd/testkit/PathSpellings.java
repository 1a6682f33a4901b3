package io.twd.testkit;

import java.util.List;

/**
 * Spellings of paths that the entry point must not pass, as a client can send them: path
 * parameters ({@code ;x}), percent-encoded characters, double slashes, trailing dots, dot segments,
 * other letter case. Checked offline against the cluster's routing rules (the k8s module's
 * EntryPointTest) and live against the gateway (GatewayIT).
 */
public final class PathSpellings {

    /** The order service's internal request API on delivery: open, cancel, discard. */
    public static final List<String> INTERNAL_REQUEST_API = List.of("/deliveries/requests", "/deliveries/requests/",
            "/deliveries/requests;x", "/deliveries;x/requests", "/deliveries/requests/1/cancel",
            "/deliveries/requests/1/cancel;x", "/deliveries/requests/1/discard", "/deliveries/%72equests",
            "/deliveries%2frequests", "/deliveries/reque%73ts/1/discard", "/deliveries/requests%2f1%2fcancel",
            "//deliveries/requests", "/deliveries//requests", "/deliveries/requests.", "/deliveries/requests./1/cancel",
            "/deliveries/./requests", "/deliveries/1/../requests", "/deliveries/%2e%2e/deliveries/requests",
            "/deliveries/1/%2E%2E/requests/1/cancel", "/Deliveries/requests", "/DELIVERIES/REQUESTS",
            "/deliveries/Requests");

    /** The identity provider's master realm and administration console, under {@code /auth} on a cluster. */
    public static final List<String> IDENTITY_ADMINISTRATION = List.of("/auth/admin", "/auth/admin/master/console/",
            "/auth/admin/realms/twd/users", "/auth/realms/master", "/auth/realms/master/protocol/openid-connect/token",
            "/auth/realms/%6daster/account", "//auth/admin", "/auth//admin/", "/auth/./realms/master",
            "/auth/realms/twd/../master", "/auth/realms/twd/../../admin/master/console/", "/auth/realms/Master",
            "/auth;x/admin");

    private PathSpellings() {
    }
}
