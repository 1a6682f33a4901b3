package io.twd.order.infrastructure.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.twd.order.application.Deliveries;
import io.twd.order.infrastructure.identity.ServiceIdentity;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Which failures of the call to delivery mean "delivery unavailable" (503), and which do not; and
 * that the delivery delivery answers with must be the order's own.
 */
class RestDeliveriesTest {

    /** A delivery client that answers every request to open a delivery with the given one. */
    private static DeliveryClient answering(DeliveryClient.DeliveryView answer) {
        return new DeliveryClient() {
            @Override
            public DeliveryView request(String authorization, DeliveryRequest request) {
                assertEquals("Bearer service-token", authorization);
                return answer;
            }

            @Override
            public DeliveryView cancel(String authorization, long orderId) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void discard(String authorization, long orderId) {
                throw new UnsupportedOperationException();
            }
        };
    }

    /** An adapter whose delivery answers every cancel with the given error. */
    private static RestDeliveries adapterCancelling(WebApplicationException answer) {
        RestDeliveries adapter = adapterAnswering(null);
        adapter.client = new DeliveryClient() {
            @Override
            public DeliveryView request(String authorization, DeliveryRequest request) {
                throw new UnsupportedOperationException();
            }

            @Override
            public DeliveryView cancel(String authorization, long orderId) {
                throw answer;
            }

            @Override
            public void discard(String authorization, long orderId) {
                throw new UnsupportedOperationException();
            }
        };
        return adapter;
    }

    private static RestDeliveries adapterAnswering(DeliveryClient.DeliveryView answer) {
        RestDeliveries adapter = new RestDeliveries();
        adapter.client = answering(answer);
        adapter.identity = new ServiceIdentity() {
            @Override
            public String authorization() {
                return "Bearer service-token";
            }
        };
        return adapter;
    }

    @Test
    void theDeliveryOfTheOrderAndItsCustomerIsTaken() {
        assertEquals(5L, adapterAnswering(new DeliveryClient.DeliveryView(5, 42, "kim", "DeliveryRequested"))
                .open(PlacedOrders.of(42, "kim")));
    }

    @Test
    void aDeliveryOfAnotherOrderOrAnotherCustomerIsRefused() {
        assertThrows(DeliveryMismatchException.class,
                () -> adapterAnswering(new DeliveryClient.DeliveryView(5, 42, "lee", "DeliveryRequested"))
                        .open(PlacedOrders.of(42, "kim")));
        assertThrows(DeliveryMismatchException.class,
                () -> adapterAnswering(new DeliveryClient.DeliveryView(5, 43, "kim", "DeliveryRequested"))
                        .open(PlacedOrders.of(42, "kim")));
    }

    @Test
    void aFiveHundredOrABrokenConnectionIsAFailureOfDelivery() {
        assertInstanceOf(DeliveryFailedException.class, RestDeliveries.translate(new WebApplicationException(503)));
        assertInstanceOf(DeliveryFailedException.class, RestDeliveries.translate(new WebApplicationException(500)));
        assertInstanceOf(DeliveryFailedException.class,
                RestDeliveries.translate(new ProcessingException(new SocketException("Connection reset"))));
        assertInstanceOf(DeliveryFailedException.class,
                RestDeliveries.translate(new ProcessingException(new SocketTimeoutException("Read timed out"))));
    }

    @Test
    void aNotFoundOfDeliverysServerIsAFailureOfDeliveryAndNeverNoDelivery() {
        // Liberty answers 404 with a page of its own while delivery's application is not serving
        WebApplicationException serverPage = new WebApplicationException(
                Response.status(404).type(MediaType.TEXT_HTML_TYPE).entity("SRVE0190E: File not found: /").build());
        WebApplicationException noBody = new WebApplicationException(404);
        WebApplicationException deliverysOwn = new WebApplicationException(
                Response.status(404).type("application/problem+json").build());
        assertInstanceOf(DeliveryFailedException.class, RestDeliveries.translate(serverPage));
        assertInstanceOf(DeliveryFailedException.class, RestDeliveries.translate(noBody));
        assertInstanceOf(DeliveryRejectedException.class, RestDeliveries.translate(deliverysOwn));

        assertThrows(DeliveryFailedException.class, () -> adapterCancelling(serverPage).cancel(42),
                "a cancel must not take the server's 404 for \"no delivery\"");
        assertEquals(Deliveries.CancelOutcome.NO_DELIVERY, adapterCancelling(deliverysOwn).cancel(42));
    }

    @Test
    void aRefusedConnectionIsUnreachableAndRetried() {
        assertInstanceOf(DeliveryUnreachableException.class,
                RestDeliveries.translate(new ProcessingException("connect", new ConnectException("Connection refused"))));
    }

    @Test
    void aFourHundredOrAnErrorOfOurOwnIsNotAFailureOfDelivery() {
        assertInstanceOf(DeliveryRejectedException.class, RestDeliveries.translate(new WebApplicationException(400)));
        assertInstanceOf(DeliveryRejectedException.class, RestDeliveries.translate(new WebApplicationException(403)));
        ProcessingException unreadable = new ProcessingException("cannot read the response",
                new IllegalStateException("no message body reader"));
        assertSame(unreadable, RestDeliveries.translate(unreadable));
    }
}
