package io.twd.systemtest;

import au.com.dius.pact.provider.junit5.MessageTestTarget;
import au.com.dius.pact.provider.junit5.PactVerificationContext;
import au.com.dius.pact.provider.junit5.PactVerificationInvocationContextProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the verification of an event provider's contracts does for every interaction: Pact calls
 * the subclass's {@link au.com.dius.pact.provider.PactVerifyProvider} method named by the
 * interaction's description (e.g. "an Ordered event"), which makes the real server publish such
 * an event and returns it ({@link PublishedEvents}), and matches it against each consumer's pact.
 * The subclass names the provider ({@code @Provider}, the topic) and the pacts' folder.
 */
abstract class EventsProviderContract {

    @BeforeEach
    void target(PactVerificationContext context) {
        context.setTarget(new MessageTestTarget());
    }

    @TestTemplate
    @ExtendWith(PactVerificationInvocationContextProvider.class)
    void keepsTheContract(PactVerificationContext context) {
        context.verifyInteraction();
    }
}
