package io.twd.shop.domain.model.phone;

/**
 * Criteria for listing phones; a null field matches every phone.
 *
 * @param shopId    only phones of this shop
 * @param eqpStatus only phones in this status
 * @param eqpNm     only phones of this model (exact name)
 */
public record PhoneFilter(Long shopId, EqpStatus eqpStatus, String eqpNm) {
}
