package io.twd.shop.interfaces.rest;

import io.twd.platform.domain.NotFoundException;
import io.twd.platform.interfaces.rest.InvalidParameterException;
import io.twd.platform.interfaces.rest.PageRequest;
import io.twd.platform.interfaces.rest.PageResponse;
import io.twd.platform.interfaces.rest.Problem;
import io.twd.shop.application.PhoneService;
import io.twd.shop.application.RegisterPhone;
import io.twd.shop.domain.model.phone.EqpStatus;
import io.twd.shop.domain.model.phone.Phone;
import io.twd.shop.domain.model.phone.PhoneFilter;
import io.twd.platform.interfaces.rest.Roles;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /shops}: the phones registered at dealer shops (spec requirement 1, and the shop
 * staff's view of what to ship). Registering is for managers; the catalogue is open to anyone,
 * signed in or not. Every method states who may call it; the class denies everything else.
 */
@Path("/shops")
@ApplicationScoped
@DenyAll
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "shops")
public class PhoneResource {

    @Inject
    PhoneService phoneService;

    /**
     * How deep a list may be paged by page number: {@code (page + 1) * size} at most this many
     * phones ({@code shop.list.max-depth}, default 10,000). Further on, the client continues with
     * {@code after}, whose cost does not grow with the depth.
     */
    @Inject
    @ConfigProperty(name = "shop.list.max-depth", defaultValue = "10000")
    int maxDepth;

    /**
     * Registers a phone at a shop: {@code http -A bearer -a $TOKEN POST :8088/shops shopId=1
     * eqpNm=galaxy_s21 eqpSernum=1}. Who may call: a manager.
     *
     * @param request the spec's fields; a client-sent id or status is ignored
     * @param uriInfo the request URI, for the {@code Location} header
     * @return 201 with {@code Location: /shops/{id}} and the phone in status {@code OrderAvailable};
     *     400 for missing or malformed fields, 401 without a valid token, 403 for a caller who is
     *     not a manager, 409 if the shop already has this {@code eqpSernum} (problem bodies);
     *     nothing is written on any error
     */
    @POST
    @RolesAllowed(Roles.MANAGER)
    @SecurityRequirement(name = Roles.BEARER_SCHEME)
    @Operation(summary = "Register a phone at a shop (manager)")
    @APIResponse(responseCode = "201", description = "Registered",
            content = @Content(schema = @Schema(implementation = PhoneResponse.class)))
    @APIResponse(responseCode = "400", description = "Invalid fields",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "This shop already has a phone with this eqpSernum",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response register(@Valid @NotNull(message = "a JSON body is required") RegisterPhoneRequest request,
                             @Context UriInfo uriInfo) {
        Phone phone = phoneService.register(
                new RegisterPhone(Long.parseLong(request.shopId), request.eqpNm.strip(), request.eqpSernum));
        return Response.created(uriInfo.getBaseUriBuilder().path("shops").path(String.valueOf(phone.getId())).build())
                .entity(PhoneResponse.of(phone, true))
                .build();
    }

    /**
     * Lists phones, filtered and paged, in id order. Who may call: anyone (the public catalogue);
     * each phone's {@code orderId} is shown to staff and managers only. Every filter has an index.
     * Paging by number reaches the first {@code shop.list.max-depth} (10,000) phones; beyond, and
     * at the same cost at any depth, a client pages with {@code after}, the last id of the page it
     * has (keyset paging).
     *
     * @param shopId    only this shop's phones (positive whole number); optional
     * @param eqpStatus only phones in this status: {@code OrderAvailable}, {@code Ordered} or {@code Shipped}; optional
     * @param eqpNm     only this model (exact name); optional
     * @param eqpSernum only the phone of this serial number (exact); optional. With {@code shopId}
     *                  it finds one phone: the order service's lookup of a phone it has not heard of
     * @param after     only phones with a greater id (positive whole number); optional, with
     *                  {@code page} 0 only
     * @param page      {@code page} (from 0) and {@code size} (1–200, default 20)
     * @param security  the caller, if signed in
     * @return 200 with one page ({@code page} 0 with {@code after}, {@code totalItems} of the whole
     *     filter); 400 for an invalid filter or page, a page deeper than
     *     {@code shop.list.max-depth}, or {@code after} with a page other than 0
     */
    @GET
    @PermitAll
    @Operation(summary = "List phones, filtered by shopId, eqpStatus, eqpNm and eqpSernum, paged by page or after (anyone)")
    public PageResponse<PhoneResponse> list(
            @QueryParam("shopId") @Pattern(regexp = "[1-9][0-9]{0,17}", message = "must be a positive whole number")
            String shopId,
            @QueryParam("eqpStatus") @Pattern(regexp = "OrderAvailable|Ordered|Shipped",
                    message = "must be OrderAvailable, Ordered or Shipped") String eqpStatus,
            @QueryParam("eqpNm") @Size(min = 1, max = 100, message = "must be 1-100 characters") String eqpNm,
            @QueryParam("eqpSernum") @Pattern(regexp = "[A-Za-z0-9_-]{1,64}",
                    message = "must be 1-64 letters, digits, '-' or '_'") String eqpSernum,
            @QueryParam("after") @Pattern(regexp = "[1-9][0-9]{0,17}", message = "must be a positive whole number")
            String after,
            @Valid @BeanParam PageRequest page, @Context SecurityContext security) {
        if (after != null && page.page != 0) {
            throw new InvalidParameterException("page", "must be 0 with after: after already says where the page starts");
        }
        if ((long) (page.page + 1) * page.size > maxDepth) {
            throw new InvalidParameterException("page", "may reach the first " + maxDepth
                    + " phones only: continue with after=<the last id of the page you have>");
        }
        PhoneFilter filter = new PhoneFilter(shopId == null ? null : Long.valueOf(shopId),
                eqpStatus == null ? null : EqpStatus.valueOf(eqpStatus), eqpNm, eqpSernum);
        PhoneService.PhoneList list = phoneService.list(filter, after == null ? 0 : Long.parseLong(after),
                page.offset(), page.size);
        boolean withOrder = seesOrders(security);
        return new PageResponse<>(list.phones().stream().map(p -> PhoneResponse.of(p, withOrder)).toList(),
                page.page, page.size, list.total());
    }

    /** Staff and managers see which order holds a phone; customers and anonymous callers do not. */
    private static boolean seesOrders(SecurityContext security) {
        return security.getUserPrincipal() != null
                && (security.isUserInRole(Roles.STAFF) || security.isUserInRole(Roles.MANAGER));
    }

    /**
     * Who may call: anyone (the public catalogue); its {@code orderId} is shown to staff and
     * managers only.
     *
     * @param id       the phone's id
     * @param security the caller, if signed in
     * @return 200 with the phone; 404 problem if there is none
     */
    @GET
    @Path("{id:[0-9]{1,18}}")
    @PermitAll
    @Operation(summary = "Get one phone (anyone)")
    public PhoneResponse get(@PathParam("id") long id, @Context SecurityContext security) {
        boolean withOrder = seesOrders(security);
        return phoneService.find(id).map(p -> PhoneResponse.of(p, withOrder))
                .orElseThrow(() -> new NotFoundException("phone", id));
    }
}
