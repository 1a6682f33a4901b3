package io.twd.shop.domain.model.phone;

/**
 * Criteria for listing phones; a null field matches every phone.
 *
 * @param shopId    only phones of this shop
 * @param eqpStatus only phones in this status
 * @param eqpNm     only phones of this model (exact name)
 * @param eqpSernum only the phone of this serial number (exact; unique within a shop)
 */
public record PhoneFilter(Long shopId, EqpStatus eqpStatus, String eqpNm, String eqpSernum) {

    /**
     * @param shopId    only phones of this shop
     * @param eqpStatus only phones in this status
     * @param eqpNm     only phones of this model
     */
    public PhoneFilter(Long shopId, EqpStatus eqpStatus, String eqpNm) {
        this(shopId, eqpStatus, eqpNm, null);
    }
}
