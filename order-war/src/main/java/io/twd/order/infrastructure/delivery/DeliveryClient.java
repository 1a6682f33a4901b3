package io.twd.order.infrastructure.delivery;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * MicroProfile Rest Client of the delivery service's internal request API
 * ({@code /deliveries/requests}). Its URL is the config key {@code delivery/mp-rest/url}, by
 * default {@code ${delivery.url}} (environment {@code DELIVERY_URL}, default
 * {@code http://127.0.0.1:8083}). Errors come as {@link jakarta.ws.rs.WebApplicationException}
 * (HTTP 4xx/5xx), {@link DeliveryBusyException} (a 503 {@code urn:twd:problem:contention}, read by
 * {@link DeliveryProblems}) or {@link jakarta.ws.rs.ProcessingException} (connection, read timeout).
 * Every call carries the order service's own access token ({@link
 * io.twd.order.infrastructure.identity.ServiceIdentity}): delivery admits only the role
 * {@code order-service} there, never an end user's token (the API is not routed by the gateway).
 * The customer travels as data in the request, taken from the caller's verified token.
 */
@RegisterRestClient(configKey = "delivery")
@RegisterProvider(DeliveryProblems.class)
@Path("/deliveries/requests")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface DeliveryClient {

    /**
     * @param authorization the order service's {@code Authorization} header ({@code Bearer <token>})
     * @param request       the order to open a delivery for
     * @return the order's delivery (201 new or 200 existing); 409 (as an exception) if the order
     *     already has a delivery for another customer, shop or phone
     */
    @POST
    DeliveryView request(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, DeliveryRequest request);

    /**
     * @param authorization the order service's {@code Authorization} header
     * @param orderId       the order's id
     * @return the cancelled delivery; 404 if none, 409 if shipped (as exceptions)
     */
    @POST
    @Path("{orderId}/cancel")
    DeliveryView cancel(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                        @PathParam("orderId") long orderId);

    /**
     * @param authorization the order service's {@code Authorization} header
     * @param orderId       the order's id; 409 (as an exception) if its delivery is confirmed
     */
    @POST
    @Path("{orderId}/discard")
    void discard(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("orderId") long orderId);

    /**
     * Body of a delivery request.
     *
     * @param orderId       the order's id
     * @param customerId    the customer
     * @param customerEmail the customer's e-mail, or null
     * @param shopId        the dealer shop
     * @param eqpNm         the phone's model name
     * @param eqpSernum     the phone's serial number
     */
    record DeliveryRequest(long orderId, String customerId, String customerEmail, long shopId, String eqpNm,
                           String eqpSernum) {
    }

    /**
     * The part of a delivery the order service reads (tolerant reader: other fields are ignored).
     *
     * @param id             the delivery's id
     * @param orderId        the order's id
     * @param customerId     the customer it is for
     * @param deliveryStatus its status
     */
    record DeliveryView(long id, long orderId, String customerId, String deliveryStatus) {
    }
}
