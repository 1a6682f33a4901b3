package io.twd.order.infrastructure.delivery;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

/** Which failures of the call to delivery mean "delivery unavailable" (503), and which do not. */
class RestDeliveriesTest {

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
