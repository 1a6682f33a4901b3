package io.twd.message.interfaces.rest;

import io.twd.message.application.NotificationService;
import io.twd.message.domain.model.notification.NotificationFilter;
import io.twd.message.domain.model.notification.NotificationStatus;
import io.twd.platform.domain.NotFoundException;
import io.twd.platform.interfaces.rest.PageRequest;
import io.twd.platform.interfaces.rest.PageResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /messages}: the notifications sent (or to be sent) to customers, one per order-status
 * event (spec requirement 8). Read only: notifications are made from events.
 */
@Path("/messages")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "messages")
public class NotificationResource {

    @Inject
    NotificationService service;

    /**
     * Lists notifications, filtered and paged, in the order they were recorded (id order).
     *
     * @param orderId    only this order's (positive whole number); optional
     * @param customerId only this customer's (1–100 characters); optional
     * @param status     only {@code PENDING}, {@code SENT}, {@code FAILED} or {@code SKIPPED}; optional
     * @param page       {@code page} (from 0) and {@code size} (1–200, default 20)
     * @return 200 with one page; 400 problem for an invalid filter or page
     */
    @GET
    @Operation(summary = "List notifications, filtered by orderId, customerId and status, paged")
    public PageResponse<NotificationResponse> list(
            @QueryParam("orderId") @Pattern(regexp = "[1-9][0-9]{0,17}", message = "must be a positive whole number")
            String orderId,
            @QueryParam("customerId") @Size(min = 1, max = 100, message = "must be 1-100 characters") String customerId,
            @QueryParam("status") @Pattern(regexp = "PENDING|SENT|FAILED|SKIPPED",
                    message = "must be PENDING, SENT, FAILED or SKIPPED") String status,
            @Valid @BeanParam PageRequest page) {
        NotificationFilter filter = new NotificationFilter(orderId == null ? null : Long.valueOf(orderId), customerId,
                status == null ? null : NotificationStatus.valueOf(status));
        NotificationService.NotificationList list = service.list(filter, page.offset(), page.size);
        return new PageResponse<>(list.notifications().stream().map(NotificationResponse::of).toList(),
                page.page, page.size, list.total());
    }

    /**
     * @param id a notification id
     * @return 200 with it; 404 problem if there is none
     */
    @GET
    @Path("{id:[0-9]{1,18}}")
    @Operation(summary = "Get one notification")
    public NotificationResponse get(@PathParam("id") long id) {
        return service.find(id).map(NotificationResponse::of)
                .orElseThrow(() -> new NotFoundException("notification", id));
    }
}
