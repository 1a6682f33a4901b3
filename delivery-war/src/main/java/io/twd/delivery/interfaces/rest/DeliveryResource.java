package io.twd.delivery.interfaces.rest;

import io.twd.delivery.application.DeliveryService;
import io.twd.delivery.domain.model.delivery.Delivery;
import io.twd.delivery.domain.model.delivery.DeliveryStatus;
import io.twd.platform.domain.NotFoundException;
import io.twd.platform.interfaces.rest.PageRequest;
import io.twd.platform.interfaces.rest.PageResponse;
import io.twd.platform.interfaces.rest.Problem;
import io.twd.platform.interfaces.rest.Roles;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.OptimisticLockException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /deliveries}: the deliveries of orders, for shop staff (spec requirement 4: check the
 * order and ship the phone); managers may read them. Customers follow their deliveries on their
 * mypage. Every method states who may call it; the class denies everything else.
 */
@Path("/deliveries")
@ApplicationScoped
@DenyAll
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "deliveries")
public class DeliveryResource {

    @Inject
    DeliveryService deliveryService;

    /**
     * Lists deliveries in id order, paged. Who may call: staff and managers.
     *
     * @param orderId        only this order's delivery (positive whole number); optional
     * @param deliveryStatus only deliveries in this status; optional
     * @param page           {@code page} (from 0) and {@code size} (1–200, default 20)
     * @return 200 with one page; problem bodies: 400 for an invalid filter or page, 401 without a
     *     valid token, 403 for a customer
     */
    @GET
    @RolesAllowed({Roles.STAFF, Roles.MANAGER})
    @SecurityRequirement(name = Roles.BEARER_SCHEME)
    @Operation(summary = "List deliveries, filtered by orderId and deliveryStatus, paged (staff, manager)")
    public PageResponse<DeliveryResponse> list(
            @QueryParam("orderId") @Pattern(regexp = "[1-9][0-9]{0,17}", message = "must be a positive whole number")
            String orderId,
            @QueryParam("deliveryStatus") @Pattern(
                    regexp = "DeliveryRequested|DeliveryConfirmed|DeliveryStarted|DeliveryCancelled|DeliveryDiscarded",
                    message = "must be DeliveryRequested, DeliveryConfirmed, DeliveryStarted, DeliveryCancelled"
                            + " or DeliveryDiscarded") String deliveryStatus,
            @Valid @BeanParam PageRequest page) {
        DeliveryService.DeliveryList list = deliveryService.list(orderId == null ? null : Long.valueOf(orderId),
                deliveryStatus == null ? null : DeliveryStatus.valueOf(deliveryStatus), page.offset(), page.size);
        return new PageResponse<>(list.deliveries().stream().map(DeliveryResponse::of).toList(), page.page,
                page.size, list.total());
    }

    /**
     * Who may call: staff and managers.
     *
     * @param id the delivery's id
     * @return 200 with the delivery; problem bodies: 404 if there is none, 401 without a valid
     *     token, 403 for a customer
     */
    @GET
    @Path("{id:[0-9]{1,18}}")
    @RolesAllowed({Roles.STAFF, Roles.MANAGER})
    @SecurityRequirement(name = Roles.BEARER_SCHEME)
    @Operation(summary = "Get one delivery (staff, manager)")
    public DeliveryResponse get(@PathParam("id") long id) {
        return deliveryService.find(id).map(DeliveryResponse::of).orElseThrow(() -> new NotFoundException("delivery", id));
    }

    /**
     * Shop staff ship the phone: {@code http -A bearer -a $TOKEN POST :8088/deliveries/1/start}.
     * Publishes {@code DeliveryStarted}. Of a ship and a cancel racing on the same delivery exactly
     * one wins; the loser gets 409. Who may call: staff.
     *
     * @param id the delivery's id
     * @return 200 with the delivery in {@code DeliveryStarted}; problem bodies: 401 without a valid
     *     token, 403 for anyone but staff, 404 if there is none, 409 unless it is
     *     {@code DeliveryConfirmed} (its order is not committed yet, was cancelled, or it already
     *     shipped)
     */
    @POST
    @Path("{id:[0-9]{1,18}}/start")
    @RolesAllowed(Roles.STAFF)
    @SecurityRequirement(name = Roles.BEARER_SCHEME)
    @Operation(summary = "Ship the phone: start the delivery (staff)")
    @APIResponse(responseCode = "200", description = "Shipped",
            content = @Content(schema = @Schema(implementation = DeliveryResponse.class)))
    @APIResponse(responseCode = "409", description = "Order not committed, cancelled, or already shipped",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public DeliveryResponse start(@PathParam("id") long id) {
        Delivery delivery;
        try {
            delivery = deliveryService.start(id);
        } catch (OptimisticLockException concurrentChange) {
            // A concurrent cancel committed first: decide again on the new state (refused with 409).
            delivery = deliveryService.start(id);
        }
        return DeliveryResponse.of(delivery);
    }
}
