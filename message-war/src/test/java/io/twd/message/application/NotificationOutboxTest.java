package io.twd.message.application;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.twd.message.domain.model.notification.Notification;
import io.twd.message.domain.model.notification.NotificationFilter;
import io.twd.message.domain.model.notification.NotificationRepository;
import io.twd.message.domain.model.notification.NotificationStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The notification sender's backlog, as the gauge {@code notifications_waiting} reads it. */
class NotificationOutboxTest {

    @Test
    void theNotificationsWaitingAreThePendingOnesOfEveryOrderAndCustomer() {
        NotificationOutbox outbox = new NotificationOutbox();
        outbox.notifications = new NotificationRepository() {
            @Override
            public long count(NotificationFilter filter) {
                return filter.equals(new NotificationFilter(null, null, NotificationStatus.PENDING)) ? 7 : 1_000;
            }

            @Override
            public void add(Notification notification) {
                throw new UnsupportedOperationException();
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
        };

        assertEquals(7, outbox.waiting());
    }
}
