package io.twd.delivery.domain.model.delivery;

import java.util.Objects;

/**
 * The order a delivery is for, as the order service describes it (in its request and in its
 * {@code Ordered} event).
 *
 * @param orderId       the order's id in the order service (the correlation key), positive
 * @param customerId    the customer's id, not blank
 * @param customerEmail the customer's contact e-mail; null when the customer gave none
 * @param shopId        the dealer shop, positive
 * @param eqpNm         the phone's model name, not blank
 * @param eqpSernum     the phone's serial number, not blank
 */
public record DeliveryOrder(long orderId, String customerId, String customerEmail, long shopId, String eqpNm,
                            String eqpSernum) {

    /**
     * @throws IllegalArgumentException if an id is not positive or a required text is blank
     */
    public DeliveryOrder {
        if (orderId <= 0 || shopId <= 0) {
            throw new IllegalArgumentException("orderId and shopId must be positive");
        }
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(eqpNm, "eqpNm");
        Objects.requireNonNull(eqpSernum, "eqpSernum");
        if (customerId.isBlank() || eqpNm.isBlank() || eqpSernum.isBlank()) {
            throw new IllegalArgumentException("customerId, eqpNm and eqpSernum are required");
        }
    }
}
