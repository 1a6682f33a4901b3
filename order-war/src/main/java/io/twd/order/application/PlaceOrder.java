package io.twd.order.application;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Command: a customer orders a phone at a shop (spec requirement 2).
 *
 * @param customerId    the customer, 1–64 characters
 * @param customerEmail the customer's contact e-mail for notifications, or null
 * @param shopId        the dealer shop, positive
 * @param eqpNm         the phone's model name, as registered at the shop
 * @param eqpSernum     the phone's serial number
 */
public record PlaceOrder(String customerId, String customerEmail, long shopId, String eqpNm, String eqpSernum) {

    /**
     * @return a SHA-256 digest (hex) of every field, to recognise the same request sent again
     */
    public String fingerprint() {
        String text = String.join("\u0000", customerId, String.valueOf(customerEmail), Long.toString(shopId), eqpNm,
                eqpSernum);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
