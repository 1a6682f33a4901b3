package io.twd.shop.interfaces.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code POST /shops}: the spec's fields. Other properties a client sends (an id, an
 * {@code eqpStatus}) are ignored: the server owns them.
 */
@Schema(name = "RegisterPhoneRequest", description = "A phone to register at a shop")
public class RegisterPhoneRequest {

    /** The dealer shop's id: a positive whole number, as a JSON number or numeric string. */
    @NotNull(message = "is required")
    @Pattern(regexp = "[1-9][0-9]{0,17}", message = "must be a positive whole number")
    @Schema(example = "1", required = true)
    public String shopId;

    /** The model name: 1–100 characters. */
    @NotBlank(message = "is required")
    @Size(max = 100, message = "must be at most 100 characters")
    @Schema(example = "galaxy_s21", required = true)
    public String eqpNm;

    /** The serial number: 1–64 letters, digits, '-' or '_'; unique within the shop. */
    @NotNull(message = "is required")
    @Pattern(regexp = "[A-Za-z0-9_-]{1,64}", message = "must be 1-64 letters, digits, '-' or '_'")
    @Schema(example = "1", required = true)
    public String eqpSernum;
}
