package io.twd.order.interfaces.rest;

import io.twd.order.application.OrderService;
import io.twd.order.application.PlaceOrder;
import io.twd.order.domain.model.order.PlacementKeyTakenException;
import io.twd.order.domain.model.order.Order;
import io.twd.platform.domain.NotFoundException;
import io.twd.platform.interfaces.rest.Caller;
import io.twd.platform.interfaces.rest.PageRequest;
import io.twd.platform.interfaces.rest.PageResponse;
import io.twd.platform.interfaces.rest.Problem;
import io.twd.platform.interfaces.rest.Roles;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /orders}: customers order phones, follow and cancel their orders (spec requirements 2,
 * 5 and 7), signed in. Every method states who may call it; the class denies everything else.
 */
@Path("/orders")
@ApplicationScoped
@DenyAll
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "orders")
public class OrderResource {

    /** Response header set on a replayed {@code POST /orders} (same {@code Idempotency-Key}). */
    public static final String REPLAYED = "Idempotent-Replayed";

    @Inject
    OrderService orderService;

    /**
     * Places an order: {@code http -A bearer -a $TOKEN POST :8082/orders shopId=1 eqpNm=galaxy_s21
     * eqpSernum=1}. Opens the order's delivery synchronously, then commits the order and publishes
     * {@code Ordered}. Who may call: a customer; the order's {@code customerId} is the caller's
     * {@code upn} and its {@code customerEmail} (where notifications go) the token's verified
     * {@code email}, never fields of the body. A customer may have at most
     * {@code order.active-orders.max} (default 3) active orders.
     *
     * @param request        the spec's fields plus an optional e-mail; a client-sent id, status or
     *                       customer is ignored
     * @param idempotencyKey optional {@code Idempotency-Key} (1–100 visible ASCII characters): a
     *                       retried request with the same key and fields gets the first result
     * @param uriInfo        for the {@code Location} header
     * @param security       the caller (MicroProfile JWT)
     * @return 201 with {@code Location: /orders/{id}} and the order in {@code Ordered}; problem
     *     bodies: 400 for invalid fields, 401 without a valid token, 403 for a caller who is not a
     *     customer, 409 if the phone has an active order or the customer has as many active orders
     *     as allowed ({@code active-order-limit}), 422 if the shop has
     *     no such phone or the key was used for another request, 503 with {@code Retry-After} if
     *     delivery is unavailable, or if the phone is not known here yet and the shop cannot be
     *     asked. Nothing is written on any error.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.CUSTOMER)
    @SecurityRequirement(name = Roles.BEARER_SCHEME)
    @Operation(summary = "Order a phone at a shop (customer)")
    @APIResponse(responseCode = "201", description = "Ordered",
            content = @Content(schema = @Schema(implementation = OrderResponse.class)))
    @APIResponse(responseCode = "400", description = "Invalid fields",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The phone already has an active order, or the customer has"
            + " as many active orders as one may have",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "Unknown phone, or Idempotency-Key reused for another request",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Delivery unavailable, or the shop (for a phone registered"
            + " a moment ago): order again shortly",
            headers = @Header(name = "Retry-After", description = "seconds",
                    schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response place(@Valid @NotNull(message = "a JSON body is required") PlaceOrderRequest request,
                          @HeaderParam("Idempotency-Key")
                          @Pattern(regexp = "[\\x21-\\x7E]{1,100}", message = "must be 1-100 visible ASCII characters")
                          String idempotencyKey,
                          @Context UriInfo uriInfo, @Context SecurityContext security) {
        Caller caller = Caller.of(security);
        // notifications go only to the signed-in customer's verified address: a customerEmail in
        // the body is ignored (it would let anyone have strangers mailed)
        PlaceOrder command = new PlaceOrder(caller.name(), caller.email(),
                Long.parseLong(request.shopId), request.eqpNm.strip(), request.eqpSernum);
        OrderService.Placement placement;
        try {
            placement = orderService.place(command, idempotencyKey, !caller.readsEveryone());
        } catch (PlacementKeyTakenException concurrentRetry) {
            // the same key's first request committed meanwhile: answer with its result
            placement = orderService.replay(idempotencyKey, command).orElseThrow(() -> concurrentRetry);
        }
        Response.ResponseBuilder response = Response.created(uriInfo.getBaseUriBuilder().path("orders")
                        .path(String.valueOf(placement.order().getId())).build())
                .entity(OrderResponse.asPlaced(placement.order()));
        if (placement.replayed()) {
            response.header(REPLAYED, "true");
        }
        return response.build();
    }

    /**
     * Lists orders in id order, paged (spec requirement 7). Who may call: a customer (their own
     * orders only), staff and managers (everyone's).
     *
     * @param customerId only this customer's orders; optional (a customer's list is always their own)
     * @param page       {@code page} (from 0) and {@code size} (1–200, default 20)
     * @param security   the caller (MicroProfile JWT)
     * @return 200 with one page; problem bodies: 400 for an invalid filter or page, 401 without a
     *     valid token, 403 if a customer names another customer
     */
    @GET
    @RolesAllowed({Roles.CUSTOMER, Roles.STAFF, Roles.MANAGER})
    @SecurityRequirement(name = Roles.BEARER_SCHEME)
    @Operation(summary = "List orders, filtered by customerId, paged (customer: own; staff, manager: all)")
    public PageResponse<OrderResponse> list(
            @QueryParam("customerId") @Pattern(regexp = "[A-Za-z0-9._@-]{1,64}",
                    message = "must be 1-64 letters, digits, '.', '_', '@' or '-'") String customerId,
            @Valid @BeanParam PageRequest page, @Context SecurityContext security) {
        String customer = Caller.of(security).customerFilter(customerId);
        OrderService.OrderList list = orderService.list(customer, page.offset(), page.size);
        return new PageResponse<>(list.orders().stream().map(OrderResponse::of).toList(), page.page, page.size,
                list.total());
    }

    /**
     * Who may call: the order's own customer, staff and managers.
     *
     * @param id       the order's id
     * @param security the caller (MicroProfile JWT)
     * @return 200 with the order; 404 problem if there is none or it is another customer's (its
     *     existence is not revealed); 401 without a valid token
     */
    @GET
    @Path("{id:[0-9]{1,18}}")
    @RolesAllowed({Roles.CUSTOMER, Roles.STAFF, Roles.MANAGER})
    @SecurityRequirement(name = Roles.BEARER_SCHEME)
    @Operation(summary = "Get one order (its customer, staff, manager)")
    public OrderResponse get(@PathParam("id") long id, @Context SecurityContext security) {
        return OrderResponse.of(accessibleOrder(id, Caller.of(security)));
    }

    private Order accessibleOrder(long id, Caller caller) {
        return orderService.find(id).filter(order -> caller.mayAccess(order.getCustomerId()))
                .orElseThrow(() -> new NotFoundException("order", id));
    }

    /**
     * Cancels an order until its phone has shipped: {@code http POST :8082/orders/1/cancel}.
     * Delivery is asked first; then {@code OrderCancelled} is published and the phone is free
     * again. Cancelling a cancelled order answers 200 and changes nothing. Who may call: the
     * order's own customer, staff and managers.
     *
     * @param id       the order's id
     * @param security the caller (MicroProfile JWT)
     * @return 200 with the order in {@code OrderCancelled}; problem bodies: 401 without a valid
     *     token, 404 if there is no such order or it is another customer's, 409 if the phone has
     *     shipped, 503 with {@code Retry-After} if delivery cannot decide now (nothing changed)
     */
    @POST
    @Path("{id:[0-9]{1,18}}/cancel")
    @RolesAllowed({Roles.CUSTOMER, Roles.STAFF, Roles.MANAGER})
    @SecurityRequirement(name = Roles.BEARER_SCHEME)
    @Operation(summary = "Cancel an order until its phone has shipped (its customer, staff, manager)")
    @APIResponse(responseCode = "200", description = "Cancelled",
            content = @Content(schema = @Schema(implementation = OrderResponse.class)))
    @APIResponse(responseCode = "409", description = "Already shipped",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Delivery unavailable: try again shortly",
            headers = @Header(name = "Retry-After", description = "seconds",
                    schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public OrderResponse cancel(@PathParam("id") long id, @Context SecurityContext security) {
        accessibleOrder(id, Caller.of(security));
        return OrderResponse.of(orderService.cancel(id));
    }

    /**
     * The spec's way to cancel: {@code http DELETE :8082/orders/1}. Same as
     * {@code POST /orders/{id}/cancel}; the order's record stays, in {@code OrderCancelled}.
     *
     * @param id       the order's id
     * @param security the caller (MicroProfile JWT)
     * @return as {@link #cancel(long, SecurityContext)}
     */
    @DELETE
    @Path("{id:[0-9]{1,18}}")
    @RolesAllowed({Roles.CUSTOMER, Roles.STAFF, Roles.MANAGER})
    @SecurityRequirement(name = Roles.BEARER_SCHEME)
    @Operation(summary = "Cancel an order (alias of POST /orders/{id}/cancel; the record stays)")
    public OrderResponse delete(@PathParam("id") long id, @Context SecurityContext security) {
        return cancel(id, security);
    }
}
