package io.twd.order.infrastructure.shop;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * MicroProfile Rest Client of the shop service's public catalogue ({@code GET /shops}). Its URL
 * is the config key {@code shop/mp-rest/url}, by default {@code ${shop.url}} (environment
 * {@code SHOP_URL}, default {@code http://127.0.0.1:8081}). Errors come as
 * {@link jakarta.ws.rs.WebApplicationException} (HTTP 4xx/5xx) or
 * {@link jakarta.ws.rs.ProcessingException} (connection, read timeout). The catalogue is open to
 * anyone: the calls carry no token.
 */
@RegisterRestClient(configKey = "shop")
@Path("/shops")
@Produces(MediaType.APPLICATION_JSON)
public interface ShopClient {

    /**
     * @param shopId    the dealer shop, positive
     * @param eqpSernum the serial number (1-64 letters, digits, '-' or '_')
     * @param size      the page size, 1 (a shop has one phone of a serial number)
     * @return the page: the phone, or no item
     */
    @GET
    PhonePage find(@QueryParam("shopId") long shopId, @QueryParam("eqpSernum") String eqpSernum,
                   @QueryParam("size") int size);

    /**
     * The part of a catalogue page the order service reads (tolerant reader: other fields are ignored).
     *
     * @param items the phones of the page
     */
    record PhonePage(List<PhoneView> items) {
    }

    /**
     * The part of a phone the order service reads.
     *
     * @param id           the phone's id in the shop service
     * @param shopId       the dealer shop
     * @param eqpNm        the model name
     * @param eqpSernum    the serial number
     * @param registeredAt when the shop registered it
     */
    record PhoneView(long id, long shopId, String eqpNm, String eqpSernum, Instant registeredAt) {
    }
}
