package io.twd.mypage.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.twd.platform.infrastructure.messaging.IncomingEvent;
import jakarta.json.Json;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What {@link MyPageService} counts: each event once, as applied or as a dropped redelivery. */
class MyPageServiceTest {

    private static IncomingEvent event(String type, long orderId) {
        UUID id = UUID.randomUUID();
        Instant at = Instant.parse("2026-11-22T10:00:00Z");
        return new IncomingEvent(id, type, at, Long.toString(orderId), Json.createObjectBuilder()
                .add("eventId", id.toString()).add("eventType", type).add("occurredAt", at.toString())
                .add("orderId", orderId).add("customerId", "kim").build());
    }

    @Test
    void countsAnAppliedEventOnceAndItsRedeliveryAsADuplicate() {
        InMemoryMyPages myPages = new InMemoryMyPages();
        IncomingEvent ordered = event("Ordered", 42);
        IncomingEvent started = event("DeliveryStarted", 42);

        myPages.service().apply(ordered);
        myPages.service().apply(started);
        myPages.service().apply(ordered);

        assertThat(myPages.applied()).containsExactly("Ordered", "DeliveryStarted");
        assertThat(myPages.duplicates()).containsExactly("Ordered");
        assertThat(myPages.updates()).hasSize(2);
    }
}
