package io.twd.shop.application;

/**
 * Command: register a phone at a shop (spec requirement 1).
 *
 * @param shopId    the dealer shop, positive
 * @param eqpNm     the model name, 1–100 characters
 * @param eqpSernum the serial number, 1–64 characters, unique within the shop
 */
public record RegisterPhone(long shopId, String eqpNm, String eqpSernum) {
}
