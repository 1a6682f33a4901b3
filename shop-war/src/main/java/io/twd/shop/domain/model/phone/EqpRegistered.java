package io.twd.shop.domain.model.phone;

import io.twd.platform.domain.DomainEvent;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.UUID;

/**
 * Domain event: a phone was registered at a shop and can be ordered. Published on the shop
 * topic; the order service keeps its own copy of orderable phones from it.
 *
 * @param eventId    unique id of this event
 * @param eventType  always {@value #TYPE}
 * @param occurredAt when the phone was registered (UTC)
 * @param phoneId    the phone's id in the shop service
 * @param shopId     the dealer shop
 * @param eqpNm      the model name
 * @param eqpSernum  the serial number
 * @param eqpStatus  always {@link EqpStatus#OrderAvailable}
 */
@JsonbPropertyOrder({"eventId", "eventType", "occurredAt", "phoneId", "shopId", "eqpNm", "eqpSernum", "eqpStatus"})
public record EqpRegistered(UUID eventId, String eventType, Instant occurredAt, long phoneId, long shopId,
                            String eqpNm, String eqpSernum, EqpStatus eqpStatus) implements DomainEvent {

    /** The event type name. */
    public static final String TYPE = "EqpRegistered";

    static EqpRegistered of(Phone phone, Instant now) {
        return new EqpRegistered(UUID.randomUUID(), TYPE, now, phone.getId(), phone.getShopId(),
                phone.getEqpNm(), phone.getEqpSernum(), phone.getEqpStatus());
    }

    /** @return the phone's business key, {@code <shopId>/<eqpSernum>} */
    @Override
    public String correlationId() {
        return shopId + "/" + eqpSernum;
    }
}
