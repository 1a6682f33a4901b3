package io.twd.message.application;

import io.twd.message.domain.model.notification.Notification;
import io.twd.message.domain.model.notification.NotificationFilter;
import io.twd.message.domain.model.notification.NotificationRepository;
import io.twd.message.domain.model.notification.NotificationStatus;
import io.twd.platform.infrastructure.persistence.RetryOnContention;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The database side of sending, each step in its own short transaction so that no database
 * transaction is open while the SMTP server is talked to: a batch is claimed in one transaction,
 * and each e-mail's outcome (sent, or the attempt failed) is recorded in one of its own.
 *
 * <p>A transaction the database rolls back for contention (a lock timeout, a deadlock) is run again, a
 * bounded number of times, before its failure reaches the caller ({@link RetryOnContention}).
 */
@ApplicationScoped
@RetryOnContention
public class NotificationOutbox {

    @Inject
    NotificationRepository notifications;

    /**
     * @param now   the current time
     * @param limit most ids, 1 or more
     * @return ids of pending notifications due now, oldest first
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<Long> due(Instant now, int limit) {
        return notifications.due(now, limit);
    }

    /**
     * Claims the notifications due now for one send attempt each (see
     * {@link NotificationRepository#claim}), all in one transaction.
     *
     * @param now   the current time
     * @param limit most notifications, 1 or more
     * @param lease how long each claim holds
     * @return the claimed notifications (their attempts counted), oldest due first; those another
     *     sender took meanwhile are left out
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<Notification> claimDue(Instant now, int limit, Duration lease) {
        List<Long> claimed = notifications.due(now, limit).stream()
                .filter(id -> notifications.claim(id, now, now.plus(lease)))
                .toList();
        return notifications.findAll(claimed);
    }

    /**
     * @param id  a claimed notification the SMTP server accepted
     * @param now when
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void sent(long id, Instant now) {
        notifications.find(id).ifPresent(n -> n.sent(now));
    }

    /**
     * @return how many notifications are {@code PENDING}: waiting for their first send attempt or
     *     another one (the sender's backlog, due now or later), 0 or more
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public long waiting() {
        return notifications.count(new NotificationFilter(null, null, NotificationStatus.PENDING));
    }

    /**
     * @param id           a claimed notification (why its attempt failed is logged by the caller)
     * @param now          when
     * @param maxAttempts  attempts allowed in all
     * @param initialDelay backoff after the first failure, doubled after each further one
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void attemptFailed(long id, Instant now, int maxAttempts, Duration initialDelay) {
        notifications.find(id).ifPresent(n -> n.attemptFailed(now, maxAttempts, initialDelay));
    }
}
