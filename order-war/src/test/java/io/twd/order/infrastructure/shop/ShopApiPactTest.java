package io.twd.order.infrastructure.shop;

import static org.assertj.core.api.Assertions.assertThat;

import au.com.dius.pact.consumer.MockServer;
import au.com.dius.pact.consumer.dsl.PactDslJsonBody;
import au.com.dius.pact.consumer.dsl.PactDslWithProvider;
import au.com.dius.pact.consumer.junit5.PactConsumerTestExt;
import au.com.dius.pact.consumer.junit5.PactTestFor;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.RequestResponsePact;
import au.com.dius.pact.core.model.annotations.Pact;
import io.twd.order.domain.model.phone.Phone;
import jakarta.ws.rs.client.ClientBuilder;
import java.time.Instant;
import java.util.Optional;
import org.glassfish.jersey.client.proxy.WebResourceFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The order service's contract with the shop service's catalogue (pacts/order-shop.json): the
 * lookup of a phone the order service has not heard of yet, as {@link RestShops} sends it
 * through {@link ShopClient} and reads the page (a plain Jakarta REST proxy here, Jersey). The
 * shop's catalogue is public: no token.
 */
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = "shop", pactVersion = PactSpecVersion.V3)
class ShopApiPactTest {

    @Pact(consumer = "order")
    RequestResponsePact lookUp(PactDslWithProvider builder) {
        return builder
                .given("a phone registered at a shop")
                .uponReceiving("a lookup of the phone by shop and serial number")
                .method("GET").path("/shops")
                .queryParameterFromProviderState("shopId", "${shopId}", "7")
                .queryParameterFromProviderState("eqpSernum", "${eqpSernum}", "S21-0001")
                .matchQuery("size", "1", "1")
                .willRespondWith().status(200)
                .body(new PactDslJsonBody()
                        .minArrayLike("items", 1, 1)
                            .integerType("id", 1001L)
                            .valueFromProviderState("shopId", "shopId", 7L)
                            .stringType("eqpNm", "galaxy_s21")
                            .valueFromProviderState("eqpSernum", "eqpSernum", "S21-0001")
                            .stringMatcher("registeredAt", "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z",
                                    "2026-12-01T09:30:00Z")
                            .closeObject()
                        .closeArray())
                .given("no such phone at a shop")
                .uponReceiving("a lookup of a phone the shop does not have")
                .method("GET").path("/shops")
                .queryParameterFromProviderState("shopId", "${shopId}", "7")
                .queryParameterFromProviderState("eqpSernum", "${eqpSernum}", "NONE-0001")
                .matchQuery("size", "1", "1")
                .willRespondWith().status(200)
                .body(new PactDslJsonBody().array("items").closeArray())
                .toPact();
    }

    @Test
    void theAdapterFindsAKnownPhoneAndNoneForAnUnknownOne(MockServer shop) {
        RestShops adapter = new RestShops();
        adapter.client = WebResourceFactory.newResource(ShopClient.class, ClientBuilder.newClient().target(shop.getUrl()));

        Optional<Phone> found = adapter.find(7, "S21-0001");
        assertThat(found).hasValueSatisfying(phone -> {
            assertThat(phone.getPhoneId()).isEqualTo(1001);
            assertThat(phone.getEqpNm()).isEqualTo("galaxy_s21");
            assertThat(phone.getRegisteredAt()).isEqualTo(Instant.parse("2026-12-01T09:30:00Z"));
        });
        assertThat(adapter.find(7, "NONE-0001")).isEmpty();
    }
}
