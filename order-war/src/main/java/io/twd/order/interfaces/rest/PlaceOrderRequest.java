package io.twd.order.interfaces.rest;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code POST /orders}: the spec's fields ({@code shopId}, {@code eqpNm}, {@code eqpSernum})
 * plus an e-mail that is ignored (see {@link #customerEmail}). Numbers may come as JSON numbers or numeric
 * strings (httpie sends strings). Other properties a client sends (an {@code orderId}, an
 * {@code eqpStatus} or {@code orderStatus}, a {@code customerId}) are ignored: the server owns
 * them, and the customer is always the signed-in user.
 */
@Schema(name = "PlaceOrderRequest", description = "A phone to order at a shop")
public class PlaceOrderRequest {

    /** The dealer shop's id: a positive whole number. */
    @NotNull(message = "is required")
    @Pattern(regexp = "[1-9][0-9]{0,17}", message = "must be a positive whole number")
    @Schema(example = "1", required = true)
    public String shopId;

    /** The phone's model name, as registered at the shop: 1–100 characters. */
    @NotBlank(message = "is required")
    @Size(max = 100, message = "must be at most 100 characters")
    @Schema(example = "galaxy_s21", required = true)
    public String eqpNm;

    /** The phone's serial number: 1–64 letters, digits, '-' or '_'. */
    @NotNull(message = "is required")
    @Pattern(regexp = "[A-Za-z0-9_-]{1,64}", message = "must be 1-64 letters, digits, '-' or '_'")
    @Schema(example = "1", required = true)
    public String eqpSernum;

    /**
     * Accepted for the wire compatibility of older clients, and ignored: notifications go only to
     * the signed-in customer's verified e-mail (the access token's {@code email}, when its
     * {@code email_verified} is true), never to an address a request names. Still validated as an
     * e-mail address when present.
     */
    @Email(regexp = ".+@.+\\..+", message = "must be an e-mail address")
    @Size(max = 254, message = "must be at most 254 characters")
    @Schema(example = "kim@example.com", deprecated = true,
            description = "Ignored: notifications go to the signed-in customer's verified e-mail")
    public String customerEmail;
}
