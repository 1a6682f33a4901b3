package io.twd.shop.interfaces.rest;

import io.twd.shop.domain.model.phone.EqpStatus;
import io.twd.shop.domain.model.phone.Phone;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;

/**
 * A phone as the REST API shows it.
 *
 * @param id           the phone's id in the shop service
 * @param shopId       the dealer shop
 * @param eqpNm        the model name
 * @param eqpSernum    the serial number
 * @param eqpStatus    {@code OrderAvailable}, {@code Ordered} or {@code Shipped}
 * @param orderId      the order holding the phone; absent while {@code OrderAvailable}, and for
 *                     callers who are not staff or a manager (it would tell anyone how many orders
 *                     the shop takes and which order ids exist)
 * @param registeredAt when it was registered (ISO-8601, UTC)
 * @param updatedAt    when it last changed (ISO-8601, UTC)
 */
@JsonbPropertyOrder({"id", "shopId", "eqpNm", "eqpSernum", "eqpStatus", "orderId", "registeredAt", "updatedAt"})
public record PhoneResponse(long id, long shopId, String eqpNm, String eqpSernum, EqpStatus eqpStatus,
                            Long orderId, Instant registeredAt, Instant updatedAt) {

    /**
     * @param phone     a persisted phone
     * @param withOrder whether the caller may see the order holding it (staff and managers)
     * @return its REST representation, without {@code orderId} unless {@code withOrder}
     */
    public static PhoneResponse of(Phone phone, boolean withOrder) {
        return new PhoneResponse(phone.getId(), phone.getShopId(), phone.getEqpNm(), phone.getEqpSernum(),
                phone.getEqpStatus(), withOrder ? phone.getOrderId() : null, phone.getRegisteredAt(),
                phone.getUpdatedAt());
    }
}
