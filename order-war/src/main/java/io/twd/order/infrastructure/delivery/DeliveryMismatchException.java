package io.twd.order.infrastructure.delivery;

/**
 * Delivery answered a request to open an order's delivery with a delivery that is not that
 * order's (another order id or another customer). The order is not placed (a 500 of this service,
 * logged with this message); it does not count against delivery's circuit, since delivery
 * answered.
 */
public class DeliveryMismatchException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param orderId    the order the delivery was asked for
     * @param answeredId the order id of the delivery that came back
     */
    public DeliveryMismatchException(long orderId, long answeredId) {
        super("The delivery service answered the request for order " + orderId + " with a delivery of order "
                + answeredId + " or of another customer; the order is not placed");
    }
}
