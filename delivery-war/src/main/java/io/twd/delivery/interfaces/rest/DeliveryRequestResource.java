package io.twd.delivery.interfaces.rest;

import io.twd.delivery.application.DeliveryService;
import io.twd.delivery.domain.model.delivery.Delivery;
import io.twd.delivery.domain.model.delivery.DeliveryOrder;
import io.twd.delivery.domain.model.delivery.DuplicateDeliveryException;
import io.twd.platform.interfaces.rest.Problem;
import io.twd.platform.interfaces.rest.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.OptimisticLockException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /deliveries/requests}: the order service's synchronous calls (docs/architecture.md §1, "no delivery
 * for an order that did not complete"). Every call is idempotent by {@code orderId}, so the
 * caller may retry it. Internal: not routed by the gateway.
 *
 * <p>Who may call: the order service alone, with its own identity (an access token of its
 * service account, role {@value Roles#ORDER_SERVICE}); every end user's token, a customer's,
 * staff's or a manager's, is refused with 403 whatever the request says. The customer of a
 * request is data the order service vouches for (it took it from its caller's verified token),
 * so it is stored as sent; a request that names an order whose delivery is for another customer,
 * shop or phone is refused with 409.
 */
@Path("/deliveries/requests")
@ApplicationScoped
@RolesAllowed(Roles.ORDER_SERVICE)
@SecurityRequirement(name = Roles.BEARER_SCHEME)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "delivery requests (internal)")
public class DeliveryRequestResource {

    @Inject
    DeliveryService deliveryService;

    /**
     * Opens the delivery of an order the order service is about to commit. It is not shippable
     * until the order's {@code Ordered} event confirms it.
     *
     * @param body    the order
     * @param uriInfo for the {@code Location} header
     * @return 201 with {@code Location: /deliveries/{id}} if opened now, 200 with the existing
     *     delivery if this order already has one for the same customer, shop and phone; problem
     *     bodies: 400 for invalid fields, 401 without a valid token, 403 for any caller but the
     *     order service, 409 if the order's delivery is for another customer, shop or phone
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Open the delivery of an order, idempotent by orderId (order service only)")
    @APIResponse(responseCode = "201", description = "Opened",
            content = @Content(schema = @Schema(implementation = DeliveryResponse.class)))
    @APIResponse(responseCode = "200", description = "This order's delivery already existed",
            content = @Content(schema = @Schema(implementation = DeliveryResponse.class)))
    @APIResponse(responseCode = "400", description = "Invalid fields",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The order has a delivery for another customer, shop or phone",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response request(@Valid @NotNull(message = "a JSON body is required") DeliveryRequestBody body,
                            @Context UriInfo uriInfo) {
        DeliveryOrder order = new DeliveryOrder(Long.parseLong(body.orderId), body.customerId.strip(),
                body.customerEmail, Long.parseLong(body.shopId), body.eqpNm.strip(), body.eqpSernum);
        DeliveryService.Opened opened;
        try {
            opened = deliveryService.request(order);
        } catch (DuplicateDeliveryException concurrentRequest) {
            opened = deliveryService.request(order);
        }
        Delivery delivery = opened.delivery();
        Response.ResponseBuilder response = opened.created()
                ? Response.created(uriInfo.getBaseUriBuilder().path("deliveries")
                        .path(String.valueOf(delivery.getId())).build())
                : Response.ok();
        return response.entity(DeliveryResponse.of(delivery)).build();
    }

    /**
     * Cancels an order's delivery; the order service commits the order's cancellation only after
     * this answered 200. Publishes {@code DeliveryCancelled} the first time; repeating it is harmless.
     *
     * @param orderId the order's id
     * @return 200 with the delivery in {@code DeliveryCancelled}; problem bodies: 404 if the order
     *     has no delivery, 409 if it has shipped, 401 without a valid token, 403 for any caller but
     *     the order service
     */
    @POST
    @Path("{orderId:[0-9]{1,18}}/cancel")
    @Operation(summary = "Cancel an order's delivery, unless it has shipped, idempotent (order service only)")
    @APIResponse(responseCode = "200", description = "Cancelled",
            content = @Content(schema = @Schema(implementation = DeliveryResponse.class)))
    @APIResponse(responseCode = "409", description = "Already shipped",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public DeliveryResponse cancel(@PathParam("orderId") long orderId) {
        Delivery delivery;
        try {
            delivery = deliveryService.cancel(orderId);
        } catch (OptimisticLockException concurrentChange) {
            // A concurrent ship committed first: decide again on the new state (refused with 409).
            delivery = deliveryService.cancel(orderId);
        }
        return DeliveryResponse.of(delivery);
    }

    /**
     * Discards the delivery request of an order that did not commit (the order service's
     * compensation). Harmless to repeat, and for an order that never had a delivery.
     *
     * @param orderId the order's id
     * @return 204; problem bodies: 409 if the delivery is confirmed, shipped or cancelled (its
     *     order committed), 401 without a valid token, 403 for any caller but the order service
     */
    @POST
    @Path("{orderId:[0-9]{1,18}}/discard")
    @Operation(summary = "Discard an unconfirmed delivery request, idempotent (order service only)")
    @APIResponse(responseCode = "204", description = "Discarded, or there was nothing to discard")
    public Response discard(@PathParam("orderId") long orderId) {
        try {
            deliveryService.discard(orderId);
        } catch (OptimisticLockException concurrentChange) {
            deliveryService.discard(orderId);
        }
        return Response.noContent().build();
    }
}
