package io.twd.mypage.interfaces.rest;

import io.twd.mypage.application.MyPageService;
import io.twd.mypage.application.MyPageView;
import io.twd.platform.domain.NotFoundException;
import io.twd.platform.interfaces.rest.PageRequest;
import io.twd.platform.interfaces.rest.PageResponse;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /mypages}: the customer's orders and deliveries (spec requirement 7), served from the
 * read model, with live updates of one order over Server-Sent Events.
 */
@Path("/mypages")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "mypages")
public class MyPageResource {

    @Inject
    MyPageService service;

    @Inject
    MyPageStream stream;

    /**
     * Lists entries, newest order first: {@code http GET :8088/mypages}.
     *
     * @param customerId only this customer's orders (1–100 characters); optional
     * @param page       {@code page} (from 0) and {@code size} (1–200, default 20)
     * @return 200 with one page; 400 problem for an invalid filter or page
     */
    @GET
    @Operation(summary = "List orders with their status, optionally one customer's, paged")
    public PageResponse<MyPageView> list(
            @QueryParam("customerId") @Size(min = 1, max = 100, message = "must be 1-100 characters") String customerId,
            @Valid @BeanParam PageRequest page) {
        MyPageService.MyPageList list = service.list(customerId, page.offset(), page.size);
        return new PageResponse<>(list.pages(), page.page, page.size, list.total());
    }

    /**
     * @param orderId an order id
     * @return 200 with the order's entry; 404 problem if no event of it arrived yet
     */
    @GET
    @Path("{orderId:[0-9]{1,18}}")
    @Operation(summary = "Get one order's status and history")
    public MyPageView get(@PathParam("orderId") long orderId) {
        return service.find(orderId).orElseThrow(() -> new NotFoundException("mypage entry", orderId));
    }

    /**
     * Follows one order live: a {@code text/event-stream} whose events (name {@code mypage},
     * data the entry's JSON) are the entry now, if it exists, then every change as it commits.
     *
     * @param orderId an order id (it may not exist yet: the stream then starts with its first event)
     * @param sink    the client's stream
     * @param sse     the SSE factory
     */
    @GET
    @Path("{orderId:[0-9]{1,18}}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Follow one order's status live (Server-Sent Events)")
    public void events(@PathParam("orderId") long orderId, @Context SseEventSink sink, @Context Sse sse) {
        stream.subscribe(orderId, sink, sse, service.find(orderId).orElse(null));
    }
}
