package io.twd.order.infrastructure.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.twd.order.infrastructure.identity.ServiceIdentity;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
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
