package io.twd.mypage.interfaces.rest;

import io.twd.mypage.application.MyPageService;
import io.twd.mypage.application.MyPageView;
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
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /mypages}: the customer's orders and deliveries (spec requirement 7), served from the
 * read model, with live updates of one order over Server-Sent Events. A customer sees only their
 * own entries; staff and managers see everyone's. Every method states who may call it; the class
 * denies everything else.
 */
@Path("/mypages")
@ApplicationScoped
@DenyAll
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "mypages")
public class MyPageResource {

    /** A customer's own data: no shared cache keeps it, and a client asks again before reusing it. */
    private static final CacheControl REVALIDATE = revalidate();

    @Inject
    MyPageService service;

    @Inject
    MyPageStream stream;

    /**
     * Lists entries, newest order first: {@code http -A bearer -a $TOKEN GET :8088/mypages}. Who
     * may call: a customer (their own entries only), staff and managers (everyone's).
     *
     * @param customerId only this customer's orders (1–100 characters); optional (a customer's
     *                   list is always their own)
     * @param page       {@code page} (from 0) and {@code size} (1–200, default 20)
     * @param security   the caller (MicroProfile JWT)
     * @return 200 with one page; problem bodies: 400 for an invalid filter or page, 401 without a
     *     valid token, 403 if a customer names another customer
     */
    @GET
    @RolesAllowed({Roles.CUSTOMER, Roles.STAFF, Roles.MANAGER})
    @SecurityRequirement(name = Roles.BEARER_SCHEME)
    @Operation(summary = "List orders with their status, paged (customer: own; staff, manager: all or one customer's)")
    public PageResponse<MyPageView> list(
            @QueryParam("customerId") @Size(min = 1, max = 100, message = "must be 1-100 characters") String customerId,
            @Valid @BeanParam PageRequest page, @Context SecurityContext security) {
        String customer = Caller.of(security).customerFilter(customerId);
        MyPageService.MyPageList list = service.list(customer, page.offset(), page.size);
        return new PageResponse<>(list.pages(), page.page, page.size, list.total());
    }

    /**
     * One order's entry, with an {@code ETag} that changes with every event applied to it, so
     * that a client polling it gets {@code 304 Not Modified} without a body until it changes
     * (RFC 9110 §8.8.3 and §13.1.2, {@code If-None-Match}). Who may call: the order's own
     * customer, staff and managers.
     *
     * @param orderId  an order id
     * @param security the caller (MicroProfile JWT)
     * @param request  the request's preconditions ({@code If-None-Match})
     * @return 200 with the order's entry, {@code ETag} and {@code Cache-Control: private, no-cache};
     *     304 without a body if {@code If-None-Match} names the current {@code ETag}; 404 problem
     *     if no event of it arrived yet or it is another customer's (its existence is not
     *     revealed); 401 without a valid token
     */
    @GET
    @Path("{orderId:[0-9]{1,18}}")
    @RolesAllowed({Roles.CUSTOMER, Roles.STAFF, Roles.MANAGER})
    @SecurityRequirement(name = Roles.BEARER_SCHEME)
    @Operation(summary = "Get one order's status and history (its customer, staff, manager); conditional with If-None-Match")
    @APIResponse(responseCode = "200", description = "the entry",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MyPageView.class)))
    @APIResponse(responseCode = "304", description = "unchanged since the ETag in If-None-Match")
    public Response get(@PathParam("orderId") long orderId, @Context SecurityContext security,
                        @Context Request request) {
        MyPageView entry = accessibleEntry(orderId, Caller.of(security))
                .orElseThrow(() -> new NotFoundException("mypage entry", orderId));
        EntityTag tag = entityTag(entry);
        Response.ResponseBuilder unchanged = request.evaluatePreconditions(tag);
        Response.ResponseBuilder answer = unchanged != null ? unchanged : Response.ok(entry);
        return answer.tag(tag).cacheControl(REVALIDATE).build();
    }

    /**
     * @param entry an entry
     * @return its entity tag: the order and the number of events applied to it (an entry only
     *     gains events, and its state follows from them)
     */
    static EntityTag entityTag(MyPageView entry) {
        return new EntityTag(entry.orderId() + "-" + entry.history().size());
    }

    private static CacheControl revalidate() {
        CacheControl control = new CacheControl();
        control.setPrivate(true);
        control.setNoCache(true);
        control.setNoTransform(false);
        return control;
    }

    private Optional<MyPageView> accessibleEntry(long orderId, Caller caller) {
        return service.find(orderId).filter(entry -> caller.mayAccess(entry.customerId()));
    }

    /**
     * Follows one order live: a {@code text/event-stream} whose events (name {@code mypage},
     * data the entry's JSON) are the entry now, if it exists, then every change as it commits.
     *
     * Who may call: the order's own customer (once its entry exists), staff and managers (also
     * before: the stream then starts with the order's first event).
     * The stream ends when the access token that opened it expires (a last comment says so); the
     * client opens a new one with its current token.
     *
     * @param orderId  an order id
     * @param sink     the client's stream
     * @param sse      the SSE factory
     * @param security the caller (MicroProfile JWT)
     * @throws NotFoundException (404 problem) for a customer, if the entry does not exist (yet)
     *     or is another customer's
     * @throws TooManyStreamsException (503 problem, {@code Retry-After}) if too
     *     many streams are open, on this server or of this caller (see {@link MyPageStream})
     */
    @GET
    @Path("{orderId:[0-9]{1,18}}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RolesAllowed({Roles.CUSTOMER, Roles.STAFF, Roles.MANAGER})
    @SecurityRequirement(name = Roles.BEARER_SCHEME)
    @Operation(summary = "Follow one order's status live, Server-Sent Events (its customer, staff, manager)")
    public void events(@PathParam("orderId") long orderId, @Context SseEventSink sink, @Context Sse sse,
                       @Context SecurityContext security) {
        Caller caller = Caller.of(security);
        Optional<MyPageView> current = accessibleEntry(orderId, caller);
        if (current.isEmpty() && !caller.readsEveryone()) {
            throw new NotFoundException("mypage entry", orderId);
        }
        // the stream ends when the token that opened it expires (the page reopens it with a fresh one)
        long expires = ((JsonWebToken) security.getUserPrincipal()).getExpirationTime();
        stream.subscribe(orderId, caller.name(), Instant.ofEpochSecond(expires), sink, sse, current.orElse(null));
    }
}
