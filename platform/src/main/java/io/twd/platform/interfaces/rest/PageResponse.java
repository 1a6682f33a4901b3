package io.twd.platform.interfaces.rest;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/**
 * One page of a list resource.
 *
 * @param items      the items of this page, in the resource's documented order
 * @param page       zero-based page number
 * @param size       the requested page size, 1–{@value PageRequest#MAX_SIZE}
 * @param totalItems number of items matching the filters, over all pages
 * @param <T>        the item type
 */
@JsonbPropertyOrder({"items", "page", "size", "totalItems"})
public record PageResponse<T>(List<T> items, int page, int size, long totalItems) {
}
