package io.twd.systemtest;

import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import io.twd.testkit.IdentityProvider;
import io.twd.testkit.TwdSystem;
import io.twd.testkit.TwdSystemExtension;
import java.net.URI;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;

/**
 * The shared {@link TwdSystem} of the system tests, signed in: every RestAssured request that
 * carries no {@code Authorization} header of its own is sent with the access token of the user
 * who usually makes it in the spec's story ({@link io.twd.testkit.UsualCallers#user}), or, on
 * delivery's internal API, with the order service's own ({@link IdentityProvider#usualAuthorization}),
 * so the tests of behaviour read as before while every service checks tokens. Tests of who may do what send
 * their own header (or none, with {@link #ANONYMOUS}).
 */
public class SignedInSystem extends TwdSystemExtension {

    /** A request header that makes a RestAssured request go out without any token. */
    public static final String ANONYMOUS = "X-Test-Anonymous";

    private static volatile IdentityProvider identity;

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        TwdSystem system = (TwdSystem) super.resolveParameter(parameter, context);
        install(system.identity());
        return system;
    }

    private static synchronized void install(IdentityProvider provider) {
        if (identity == null) {
            RestAssured.filters(new UsualCaller(provider));
            identity = provider;
        }
    }

    /**
     * @param user a user of the test realm
     * @return the {@code Authorization} header value that signs a request in as that user
     * @throws IllegalStateException before any test class received the system
     */
    static String as(String user) {
        return provider().authorization(user);
    }

    /**
     * @return the {@code Authorization} header value of the order service's own identity (role
     *     {@code order-service}), as it calls delivery's internal API
     * @throws IllegalStateException before any test class received the system
     */
    static String asOrderService() {
        return provider().serviceAuthorization();
    }

    /** @return a customer no other test has used (see {@link IdentityProvider#newCustomer()}) */
    static String newCustomer() {
        return provider().newCustomer();
    }

    private static IdentityProvider provider() {
        if (identity == null) {
            throw new IllegalStateException("no system yet: take a TwdSystem parameter in @BeforeAll");
        }
        return identity;
    }

    /** Adds the usual caller's token to requests without an {@code Authorization} header. */
    private record UsualCaller(IdentityProvider identity) implements Filter {

        @Override
        public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
                               FilterContext context) {
            if (request.getHeaders().hasHeaderWithName(ANONYMOUS)) {
                request.removeHeader(ANONYMOUS);
            } else if (!request.getHeaders().hasHeaderWithName("Authorization")) {
                String path = URI.create(request.getURI()).getPath();
                request.header("Authorization", identity.usualAuthorization(request.getMethod(), path));
            }
            return context.next(request, response);
        }
    }
}
