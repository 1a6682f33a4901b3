package io.twd.delivery.interfaces.rest;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code POST /deliveries/requests}: the order service asks for the delivery of an order
 * it is about to commit. Numbers may come as JSON numbers or numeric strings.
 */
@Schema(name = "DeliveryRequest", description = "The order to open a delivery for")
public class DeliveryRequestBody {

    /** The order's id: a positive whole number; the request is idempotent by it. */
    @NotNull(message = "is required")
    @Pattern(regexp = "[1-9][0-9]{0,17}", message = "must be a positive whole number")
    public String orderId;

    /** The customer's id: 1–64 characters. */
    @NotBlank(message = "is required")
    @Size(max = 64, message = "must be at most 64 characters")
    public String customerId;

    /** The customer's contact e-mail; optional. */
    @Email(message = "must be an e-mail address")
    @Size(max = 254, message = "must be at most 254 characters")
    public String customerEmail;

    /** The dealer shop: a positive whole number. */
    @NotNull(message = "is required")
    @Pattern(regexp = "[1-9][0-9]{0,17}", message = "must be a positive whole number")
    public String shopId;

    /** The phone's model name: 1–100 characters. */
    @NotBlank(message = "is required")
    @Size(max = 100, message = "must be at most 100 characters")
    public String eqpNm;

    /** The phone's serial number: 1–64 letters, digits, '-' or '_'. */
    @NotNull(message = "is required")
    @Pattern(regexp = "[A-Za-z0-9_-]{1,64}", message = "must be 1-64 letters, digits, '-' or '_'")
    public String eqpSernum;
}
