package io.twd.message.application;

import io.twd.message.domain.model.notification.Notification;
import io.twd.message.domain.model.notification.NotificationFilter;
import io.twd.message.domain.model.notification.NotificationRepository;
import io.twd.platform.infrastructure.messaging.EventTracing;
import io.twd.platform.testing.InMemory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The real {@link NotificationService} over an in-memory store, for the consumer contract tests. */
public final class InMemoryNotifications {

    private final List<Notification> recorded = new ArrayList<>();
    private final NotificationService service = new NotificationService();

    /** A service with no notification yet. */
    public InMemoryNotifications() {
        service.notifications = new NotificationRepository() {
            @Override
            public void add(Notification notification) {
                recorded.add(notification);
                assignId(notification, recorded.size());
            }

            @Override
            public Optional<Notification> find(long id) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<Notification> findAll(List<Long> ids) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<Long> due(Instant now, int limit) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean claim(long id, Instant now, Instant leaseUntil) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<Notification> search(NotificationFilter filter, int offset, int limit) {
                throw new UnsupportedOperationException();
            }

            @Override
            public long count(NotificationFilter filter) {
                return recorded.stream()
                        .filter(n -> filter.orderId() == null || filter.orderId() == n.getOrderId())
                        .filter(n -> filter.customerId() == null || filter.customerId().equals(n.getCustomerId()))
                        .filter(n -> filter.status() == null || filter.status() == n.getStatus())
                        .count();
            }
        };
        service.processedEvents = InMemory.processedEvents();
        service.recorded = InMemory.events(new ArrayList<>());
        service.tracing = new EventTracing(io.opentelemetry.api.OpenTelemetry.noop());
    }

    /** Gives the notification the id the database would (as the JPA repository does on add). */
    private static void assignId(Notification notification, long id) {
        try {
            java.lang.reflect.Field field = Notification.class.getDeclaredField("id");
            field.setAccessible(true);
            field.set(notification, id);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the store: it adds and counts; its other methods throw {@link UnsupportedOperationException} */
    public NotificationRepository repository() {
        return service.notifications;
    }

    /** @return the service */
    public NotificationService service() {
        return service;
    }

    /** @return the notifications recorded, in order */
    public List<Notification> recorded() {
        return recorded;
    }
}
