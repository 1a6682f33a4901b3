package io.twd.order.interfaces.rest;

import io.twd.order.domain.model.order.OrderStatus;
import io.twd.platform.interfaces.rest.StrictJsonBinding;
import io.twd.platform.infrastructure.health.WarmUpTask;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.validation.Validator;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Method;
import java.time.Instant;

/**
 * Warms what {@code POST /orders} does before the order service is called: the request body bound
 * by the REST API's own {@link Jsonb} ({@link StrictJsonBinding#jsonb()}), the resource method's
 * parameters checked by Bean Validation as the runtime checks them, and an order written back as
 * JSON. Nothing is stored or sent. Measured on the 2-core machine (FirstOrderAfterReadinessIT):
 * see {@code docs/benchmarks.md}.
 */
@ApplicationScoped
public class RequestBindingWarmUp implements WarmUpTask {

    /** A body as the spec's command sends it. */
    static final String SAMPLE = "{\"shopId\":\"1\",\"eqpNm\":\"galaxy_s21\",\"eqpSernum\":\"warm-up\","
            + "\"customerEmail\":\"warm-up@example.com\"}";

    @Inject
    Validator validator;

    /** @return {@code "rest-binding"} */
    @Override
    public String name() {
        return "rest-binding";
    }

    /**
     * Binds, validates and writes one order's JSON.
     *
     * @throws IllegalStateException if the sample does not bind or validate (the binding changed:
     *     the warm-up must be changed with it)
     * @throws NoSuchMethodException if {@link OrderResource} no longer has the {@code place} method
     */
    @Override
    public void run() throws NoSuchMethodException {
        Jsonb jsonb = StrictJsonBinding.jsonb();
        PlaceOrderRequest request = jsonb.fromJson(SAMPLE, PlaceOrderRequest.class);
        Method place = OrderResource.class.getMethod("place", PlaceOrderRequest.class, String.class, UriInfo.class,
                SecurityContext.class);
        var violations = validator.forExecutables()
                .validateParameters(new OrderResource(), place, new Object[] {request, "warm-up-key", null, null});
        if (!violations.isEmpty()) {
            throw new IllegalStateException("the warm-up's sample order is not valid: " + violations);
        }
        Instant now = Instant.now();
        jsonb.toJson(new OrderResponse(0, "warm-up", request.customerEmail, Long.parseLong(request.shopId),
                request.eqpNm, request.eqpSernum, null, OrderStatus.Ordered, now, now));
    }
}
