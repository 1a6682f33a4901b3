package io.twd.systemtest;

import au.com.dius.pact.provider.junit5.HttpTestTarget;
import au.com.dius.pact.provider.junit5.PactVerificationContext;
import au.com.dius.pact.provider.junit5.PactVerificationInvocationContextProvider;
import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.State;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;
import io.twd.testkit.TwdSystem;
import java.net.MalformedURLException;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shop service keeps its consumers' contracts with its catalogue (pacts/*-shop.json, written
 * by the order service's {@code ShopApiPactTest}): each interaction is replayed against the real
 * shop server (the catalogue is public: no token) after its phone has been registered by a
 * manager, or not.
 */
@Provider("shop")
@PactFolder("../pacts")
@ExtendWith(SignedInSystem.class)
class ShopApiContractIT {

    private static final long SHOP = 37;

    private static String shop;

    @BeforeAll
    static void start(TwdSystem system) {
        system.start("shop");
        shop = system.url("shop");
    }

    @BeforeEach
    void target(PactVerificationContext context) throws MalformedURLException {
        context.setTarget(HttpTestTarget.fromUrl(URI.create(shop).toURL()));
    }

    @TestTemplate
    @ExtendWith(PactVerificationInvocationContextProvider.class)
    void keepsTheContract(PactVerificationContext context) {
        context.verifyInteraction();
    }

    @State("a phone registered at a shop")
    Map<String, Object> registered() {
        return Map.of("shopId", SHOP, "eqpSernum", Ordering.registerPhone(shop, SHOP, "galaxy_s21"));
    }

    @State("no such phone at a shop")
    Map<String, Object> none() {
        return Map.of("shopId", SHOP, "eqpSernum", Ordering.uniqueSernum());
    }
}
