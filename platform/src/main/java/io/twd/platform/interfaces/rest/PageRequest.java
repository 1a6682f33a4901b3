package io.twd.platform.interfaces.rest;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;

/**
 * The {@code page} and {@code size} query parameters of a list resource, used with
 * {@code @BeanParam @Valid}. Out-of-range values get a 400 problem response.
 */
public class PageRequest {

    /** Largest page size a client may ask for. */
    public static final int MAX_SIZE = 200;

    /**
     * Largest page number a client may ask for: with pages of {@value #MAX_SIZE} the first item
     * of the last page is number 200,000,000, well inside the {@code int} that JPA takes.
     */
    public static final int MAX_PAGE = 1_000_000;

    /** Zero-based page number, 0–{@value #MAX_PAGE}. Default 0. */
    @QueryParam("page")
    @DefaultValue("0")
    @Min(value = 0, message = "must be 0 or more")
    @Max(value = MAX_PAGE, message = "must be " + MAX_PAGE + " or less")
    public int page;

    /** Items per page, 1–{@value #MAX_SIZE}. Default 20. */
    @QueryParam("size")
    @DefaultValue("20")
    @Min(value = 1, message = "must be 1 or more")
    @Max(value = MAX_SIZE, message = "must be " + MAX_SIZE + " or less")
    public int size;

    /**
     * @return the index of the first item of this page, {@code page * size} (at most
     *     {@value #MAX_PAGE} x {@value #MAX_SIZE}, once validated)
     * @throws ArithmeticException if called on values that were not validated and overflow an {@code int}
     */
    public int offset() {
        return Math.multiplyExact(page, size);
    }
}
