package io.twd.message.interfaces.rest;

import io.twd.message.application.NotificationService;
import io.twd.message.domain.model.notification.NotificationFilter;
import io.twd.message.domain.model.notification.NotificationStatus;
import io.twd.platform.domain.NotFoundException;
import io.twd.platform.interfaces.rest.PageRequest;
import io.twd.platform.interfaces.rest.PageResponse;
import io.twd.platform.interfaces.rest.Caller;
import io.twd.platform.interfaces.rest.Roles;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.RolesAllowed;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /messages}: the notifications sent (or to be sent) to customers, one per order-status
 * event (spec requirement 8). Read only: notifications are made from events. A customer reads
 * only their own; staff and managers read everyone's. Every method states who may call it; the
 * class denies everything else.
 */
@Path("/messages")
@ApplicationScoped
@DenyAll
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "messages")
public class NotificationResource {

    @Inject
    NotificationService service;

    /**
     * Lists notifications, filtered and paged, in the order they were recorded (id order). Who
     * may call: a customer (their own only), staff and managers (everyone's).
     *
     * @param orderId    only this order's (positive whole number); optional
     * @param customerId only this customer's (1–100 characters); optional (a customer's list is
     *                   always their own)
     * @param status     only {@code PENDING}, {@code SENT}, {@code FAILED} or {@code SKIPPED}; optional
     * @param page       {@code page} (from 0) and {@code size} (1–200, default 20)
     * @param security   the caller (MicroProfile JWT)
     * @return 200 with one page; problem bodies: 400 for an invalid filter or page, 401 without a
     *     valid token, 403 if a customer names another customer
     */
    @GET
    @RolesAllowed({Roles.CUSTOMER, Roles.STAFF, Roles.MANAGER})
    @SecurityRequirement(name = Roles.BEARER_SCHEME)
    @Operation(summary = "List notifications, filtered by orderId, customerId and status, paged "
            + "(customer: own; staff, manager: all)")
    public PageResponse<NotificationResponse> list(
            @QueryParam("orderId") @Pattern(regexp = "[1-9][0-9]{0,17}", message = "must be a positive whole number")
            String orderId,
            @QueryParam("customerId") @Size(min = 1, max = 100, message = "must be 1-100 characters") String customerId,
            @QueryParam("status") @Pattern(regexp = "PENDING|SENT|FAILED|SKIPPED",
                    message = "must be PENDING, SENT, FAILED or SKIPPED") String status,
            @Valid @BeanParam PageRequest page, @Context SecurityContext security) {
        String customer = Caller.of(security).customerFilter(customerId);
        NotificationFilter filter = new NotificationFilter(orderId == null ? null : Long.valueOf(orderId), customer,
                status == null ? null : NotificationStatus.valueOf(status));
        NotificationService.NotificationList list = service.list(filter, page.offset(), page.size);
        return new PageResponse<>(list.notifications().stream().map(NotificationResponse::of).toList(),
                page.page, page.size, list.total());
    }

    /**
     * Who may call: the notification's own customer, staff and managers.
     *
     * @param id       a notification id
     * @param security the caller (MicroProfile JWT)
     * @return 200 with it; 404 problem if there is none or it is another customer's (its existence
     *     is not revealed); 401 without a valid token
     */
    @GET
    @Path("{id:[0-9]{1,18}}")
    @RolesAllowed({Roles.CUSTOMER, Roles.STAFF, Roles.MANAGER})
    @SecurityRequirement(name = Roles.BEARER_SCHEME)
    @Operation(summary = "Get one notification (its customer, staff, manager)")
    public NotificationResponse get(@PathParam("id") long id, @Context SecurityContext security) {
        Caller caller = Caller.of(security);
        return service.find(id).filter(notification -> caller.mayAccess(notification.getCustomerId()))
                .map(NotificationResponse::of)
                .orElseThrow(() -> new NotFoundException("notification", id));
    }
}
