package io.twd.order.infrastructure.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import au.com.dius.pact.consumer.MockServer;
import au.com.dius.pact.consumer.dsl.PactDslJsonBody;
import au.com.dius.pact.consumer.dsl.PactDslResponse;
import au.com.dius.pact.consumer.dsl.PactDslWithProvider;
import au.com.dius.pact.consumer.junit5.PactConsumerTestExt;
import au.com.dius.pact.consumer.junit5.PactTestFor;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.RequestResponsePact;
import au.com.dius.pact.core.model.annotations.Pact;
import io.twd.order.application.Deliveries.CancelOutcome;
import io.twd.order.domain.model.order.Order;
import io.twd.order.infrastructure.identity.ServiceIdentity;
import jakarta.ws.rs.client.ClientBuilder;
import java.util.Map;
import org.glassfish.jersey.client.proxy.WebResourceFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The order service's contract with the delivery service's request API
 * (pacts/order-delivery.json): what {@link RestDeliveries} sends through {@link DeliveryClient}
 * and how it reads each answer. The client interface runs as a plain Jakarta REST proxy here
 * (Jersey), the adapter as it is, without its Fault Tolerance interceptors. Every request carries
 * the order service's own token; the provider's verification sends a real one (of the role
 * {@code order-service}).
 */
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = "delivery", pactVersion = PactSpecVersion.V3)
class DeliveryApiPactTest {

    private static final String BEARER = "Bearer [A-Za-z0-9._~+/=-]+";

    private static final String TOKEN = "Bearer eyJ.order.token";

    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    @Pact(consumer = "order")
    RequestResponsePact openAndCancel(PactDslWithProvider builder) {
        PactDslResponse pact = builder
                .given("no delivery for an order")
                .uponReceiving("a delivery request for an order")
                .method("POST").path("/deliveries/requests")
                .matchHeader("Authorization", BEARER, TOKEN)
                .headers(JSON)
                .body(deliveryRequest(42, "kim"))
                .willRespondWith().status(201)
                .body(new PactDslJsonBody()
                        .integerType("id", 5L)
                        .valueFromProviderState("orderId", "orderId", 42L)
                        .stringValue("customerId", "kim")
                        .stringValue("deliveryStatus", "DeliveryRequested"))
                .given("a delivery of another customer for an order")
                .uponReceiving("a delivery request naming that order for another customer")
                .method("POST").path("/deliveries/requests")
                .matchHeader("Authorization", BEARER, TOKEN)
                .headers(JSON)
                .body(deliveryRequest(46, "lee"))
                .willRespondWith().status(409)
                .given("a delivery requested for an order")
                .uponReceiving("a cancel of the order's delivery")
                .method("POST").pathFromProviderState("/deliveries/requests/${orderId}/cancel",
                        "/deliveries/requests/42/cancel")
                .matchHeader("Authorization", BEARER, TOKEN)
                .willRespondWith().status(200)
                .body(new PactDslJsonBody()
                        .integerType("id", 5L)
                        .valueFromProviderState("orderId", "orderId", 42L)
                        .stringValue("deliveryStatus", "DeliveryCancelled"));
        // delivery's own 404 is a problem (RestDeliveries.answeredByDelivery): its server's is not
        pact = signedPost(pact, "no delivery for an order", "a cancel of an order without a delivery", "cancel", 43, 404)
                .matchHeader("Content-Type", "application/problem\\+json.*", "application/problem+json");
        pact = signedPost(pact, "a shipped delivery of an order", "a cancel of a shipped delivery", "cancel", 44, 409);
        pact = signedPost(pact, "a delivery requested for an order", "a discard of the order's unconfirmed request",
                "discard", 45, 204);
        return pact.toPact();
    }

    /**
     * @param exampleOrderId the order id of the example (the provider state gives the real one)
     * @param customer       the order's customer
     * @return the body of a request to open the delivery of that customer's order of phone
     *     S21-0001 at shop 7 (as {@link PlacedOrders#of} makes it)
     */
    private static PactDslJsonBody deliveryRequest(long exampleOrderId, String customer) {
        return new PactDslJsonBody()
                .valueFromProviderState("orderId", "orderId", exampleOrderId)
                .stringValue("customerId", customer)
                .stringValue("customerEmail", customer + "@example.com")
                .integerType("shopId", 7L)
                .stringValue("eqpNm", "galaxy_s21")
                .stringValue("eqpSernum", "S21-0001");
    }

    /**
     * Adds a {@code POST /deliveries/requests/<orderId>/<action>} with the caller's token and no
     * body, answered with a status and no body the order service reads.
     *
     * @return the pact so far, with this interaction
     */
    private static PactDslResponse signedPost(PactDslResponse pact, String state, String description, String action,
                                              long exampleOrderId, int status) {
        return pact.given(state)
                .uponReceiving(description)
                .method("POST").pathFromProviderState("/deliveries/requests/${orderId}/" + action,
                        "/deliveries/requests/" + exampleOrderId + "/" + action)
                .matchHeader("Authorization", BEARER, TOKEN)
                .willRespondWith().status(status);
    }

    @Test
    void theAdapterOpensCancelsAndDiscardsAsTheDeliveryServiceAnswers(MockServer delivery) {
        DeliveryClient client = WebResourceFactory.newResource(DeliveryClient.class,
                ClientBuilder.newClient().target(delivery.getUrl()));
        RestDeliveries adapter = new RestDeliveries();
        adapter.client = client;
        adapter.identity = new ServiceIdentity() {
            @Override
            public String authorization() {
                return TOKEN;
            }
        };

        assertThat(adapter.open(order(42))).isEqualTo(5L);
        assertThatThrownBy(() -> adapter.open(PlacedOrders.of(46, "lee"))).isInstanceOf(DeliveryRejectedException.class)
                .hasMessageContaining("409");
        assertThat(adapter.cancel(42)).isEqualTo(CancelOutcome.CANCELLED);
        assertThat(adapter.cancel(43)).isEqualTo(CancelOutcome.NO_DELIVERY);
        assertThat(adapter.cancel(44)).isEqualTo(CancelOutcome.ALREADY_SHIPPED);
        client.discard(TOKEN, 45);
    }

    private static Order order(long id) {
        return PlacedOrders.of(id, "kim");
    }
}
