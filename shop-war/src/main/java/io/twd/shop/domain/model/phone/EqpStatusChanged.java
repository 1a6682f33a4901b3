package io.twd.shop.domain.model.phone;

import io.twd.platform.domain.DomainEvent;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.UUID;

/**
 * Domain event: a phone's {@code eqpStatus} changed because of an order's life (reserved by
 * {@code Ordered}, freed by {@code OrderCancelled}, shipped by {@code DeliveryStarted}).
 * Published on the shop topic ({@code shop.events}); its correlation id is the phone's
 * business key {@code <shopId>/<eqpSernum>} (docs/events.md).
 *
 * @param eventId    unique id of this event
 * @param eventType  always {@value #TYPE}
 * @param occurredAt when the status changed (UTC)
 * @param phoneId    the phone's id in the shop service (null only for a phone not yet persisted)
 * @param shopId     the dealer shop
 * @param eqpNm      the model name
 * @param eqpSernum  the serial number
 * @param eqpStatus  the new status: {@code OrderAvailable}, {@code Ordered} or {@code Shipped}
 * @param orderId    the order holding the phone; null (absent from the JSON) when {@code OrderAvailable}
 */
@JsonbPropertyOrder({"eventId", "eventType", "occurredAt", "phoneId", "shopId", "eqpNm", "eqpSernum", "eqpStatus",
        "orderId"})
public record EqpStatusChanged(UUID eventId, String eventType, Instant occurredAt, Long phoneId, long shopId,
                               String eqpNm, String eqpSernum, EqpStatus eqpStatus, Long orderId)
        implements DomainEvent {

    /** The event type name. */
    public static final String TYPE = "EqpStatusChanged";

    static EqpStatusChanged of(Phone phone, Instant now) {
        return new EqpStatusChanged(UUID.randomUUID(), TYPE, now, phone.getId(), phone.getShopId(),
                phone.getEqpNm(), phone.getEqpSernum(), phone.getEqpStatus(), phone.getOrderId());
    }

    /** @return the phone's business key, {@code <shopId>/<eqpSernum>} */
    @Override
    public String correlationId() {
        return shopId + "/" + eqpSernum;
    }
}
