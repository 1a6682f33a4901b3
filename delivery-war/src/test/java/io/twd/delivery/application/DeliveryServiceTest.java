package io.twd.delivery.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.twd.delivery.domain.model.delivery.Delivery;
import io.twd.delivery.domain.model.delivery.DeliveryCancelled;
import io.twd.delivery.domain.model.delivery.DeliveryOrder;
import io.twd.delivery.domain.model.delivery.DeliveryRepository;
import io.twd.delivery.domain.model.delivery.DeliveryStarted;
import io.twd.delivery.domain.model.delivery.DeliveryStatus;
import io.twd.platform.domain.DomainEvent;
import io.twd.platform.domain.NotFoundException;
import io.twd.platform.domain.UnsupportedStateTransitionException;
import io.twd.platform.infrastructure.messaging.IncomingEvent;
import io.twd.platform.testing.InMemory;
import jakarta.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Delivery's application service over an in-memory store: the order service's request (idempotent
 * by order), its discard, the sweeper's expiry, ship and cancel, and the order events applied once.
 */
class DeliveryServiceTest {

    private final DeliveryService service = new DeliveryService();
    private final Map<Long, Delivery> deliveries = new LinkedHashMap<>();
    private final List<DomainEvent> published = new ArrayList<>();

    @BeforeEach
    void wire() {
        service.deliveries = new DeliveryRepository() {
            @Override
            public void add(Delivery delivery) {
                long id = deliveries.size() + 1L;
                deliveries.put(id, InMemory.persisted(delivery, id));
            }

            @Override
            public Optional<Delivery> find(long id) {
                return Optional.ofNullable(deliveries.get(id));
            }

            @Override
            public Optional<Delivery> findByOrderId(long orderId) {
                return deliveries.values().stream().filter(d -> d.getOrderId() == orderId).findFirst();
            }

            @Override
            public List<Delivery> search(Long orderId, DeliveryStatus status, int offset, int limit) {
                return deliveries.values().stream().filter(d -> orderId == null || d.getOrderId() == orderId)
                        .filter(d -> status == null || d.getDeliveryStatus() == status).skip(offset).limit(limit).toList();
            }

            @Override
            public long count(Long orderId, DeliveryStatus status) {
                return search(orderId, status, 0, Integer.MAX_VALUE).size();
            }

            @Override
            public List<Delivery> unconfirmedBefore(Instant requestedBefore, int limit) {
                return deliveries.values().stream().filter(d -> d.getDeliveryStatus() == DeliveryStatus.DeliveryRequested)
                        .filter(d -> d.getRequestedAt().isBefore(requestedBefore)).limit(limit).toList();
            }

            @Override
            public void flush() {
                // in memory: nothing to write
            }
        };
        service.events = published::add;
        service.processedEvents = InMemory.processedEvents();
    }

    private static DeliveryOrder order(long orderId) {
        return new DeliveryOrder(orderId, "kim", "kim@example.com", 1, "galaxy_s21", "SN" + orderId);
    }

    private static IncomingEvent event(String type) {
        return new IncomingEvent(UUID.randomUUID(), type, Instant.now(), "1", Json.createObjectBuilder().build());
    }

    private DeliveryStatus statusOf(long orderId) {
        return service.list(orderId, null, 0, 1).deliveries().get(0).getDeliveryStatus();
    }

    @Test
    void aRequestIsOpenedOncePerOrderAndConfirmedByItsOrdered() {
        DeliveryService.Opened opened = service.request(order(42));
        assertThat(opened.created()).isTrue();
        assertThat(opened.delivery().getDeliveryStatus()).isEqualTo(DeliveryStatus.DeliveryRequested);
        DeliveryService.Opened again = service.request(order(42));
        assertThat(again.created()).isFalse();
        assertThat(again.delivery()).isSameAs(opened.delivery());

        IncomingEvent ordered = event("Ordered");
        service.onOrdered(ordered, order(42));
        assertThat(statusOf(42)).isEqualTo(DeliveryStatus.DeliveryConfirmed);
        // an Ordered whose request never arrived makes its delivery, confirmed
        service.onOrdered(event("Ordered"), order(43));
        assertThat(statusOf(43)).isEqualTo(DeliveryStatus.DeliveryConfirmed);
        assertThat(service.list(null, null, 0, 10).total()).isEqualTo(2);

        // a redelivered Ordered changes nothing (a cancelled delivery is not confirmed again)
        service.cancel(42);
        service.onOrdered(ordered, order(42));
        assertThat(statusOf(42)).isEqualTo(DeliveryStatus.DeliveryCancelled);
    }

    @Test
    void aDiscardedRequestIsNeverShippableAndTheSweeperDiscardsOnlyOldUnconfirmedOnes() {
        long deliveryId = service.request(order(50)).delivery().getId();
        assertThat(service.discard(50)).hasValueSatisfying(d -> assertThat(d.getDeliveryStatus())
                .isEqualTo(DeliveryStatus.DeliveryDiscarded));
        assertThatThrownBy(() -> service.start(deliveryId)).isInstanceOf(UnsupportedStateTransitionException.class);
        assertThat(service.discard(51)).as("an order that never had a delivery").isEmpty();

        service.request(order(52));
        service.request(order(53));
        service.onOrdered(event("Ordered"), order(53));
        assertThat(service.expireUnconfirmed(Duration.ofHours(1), 10)).as("none waited an hour").isEmpty();
        List<Delivery> expired = service.expireUnconfirmed(Duration.ofMillis(-1000), 10);
        assertThat(expired).extracting(Delivery::getOrderId).containsExactly(52L);
        assertThat(statusOf(52)).isEqualTo(DeliveryStatus.DeliveryDiscarded);
        assertThat(statusOf(53)).isEqualTo(DeliveryStatus.DeliveryConfirmed);
    }

    @Test
    void shippingAndCancellingPublishTheirEventsOnce() {
        service.request(order(60));
        service.onOrdered(event("Ordered"), order(60));
        long deliveryId = service.list(60L, null, 0, 1).deliveries().get(0).getId();
        assertThat(service.start(deliveryId).getDeliveryStatus()).isEqualTo(DeliveryStatus.DeliveryStarted);
        assertThat(published).singleElement().isInstanceOf(DeliveryStarted.class);
        assertThat(service.find(deliveryId)).isPresent();
        assertThatThrownBy(() -> service.start(999)).isInstanceOf(NotFoundException.class);

        published.clear();
        service.onOrdered(event("Ordered"), order(61));
        assertThat(service.cancel(61).getDeliveryStatus()).isEqualTo(DeliveryStatus.DeliveryCancelled);
        service.cancel(61);
        assertThat(published).singleElement().isInstanceOf(DeliveryCancelled.class);
        assertThatThrownBy(() -> service.cancel(999)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void orderCancelledIsAppliedOnceAndLeavesAShippedDeliveryShipped() {
        service.onOrdered(event("Ordered"), order(70));
        IncomingEvent cancelled = event("OrderCancelled");
        service.onOrderCancelled(cancelled, 70);
        service.onOrderCancelled(cancelled, 70);
        assertThat(statusOf(70)).isEqualTo(DeliveryStatus.DeliveryCancelled);
        assertThat(published).singleElement().isInstanceOf(DeliveryCancelled.class);

        service.onOrdered(event("Ordered"), order(71));
        service.start(service.list(71L, null, 0, 1).deliveries().get(0).getId());
        published.clear();
        service.onOrderCancelled(event("OrderCancelled"), 71);
        assertThat(statusOf(71)).isEqualTo(DeliveryStatus.DeliveryStarted);
        assertThat(published).isEmpty();
        service.onOrderCancelled(event("OrderCancelled"), 72); // no delivery: nothing to do
        assertThat(service.list(72L, null, 0, 1).deliveries()).isEmpty();
    }
}
