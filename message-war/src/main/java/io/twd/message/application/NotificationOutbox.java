package io.twd.message.application;

import io.twd.message.domain.model.notification.Notification;
import io.twd.message.domain.model.notification.NotificationRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The database side of sending, each step in its own short transaction so that no database
 * transaction is open while the SMTP server is talked to.
 */
@ApplicationScoped
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
     * Claims one notification for a send attempt (see {@link NotificationRepository#claim}).
     *
     * @param id    the notification
     * @param now   the current time
     * @param lease how long the claim holds
     * @return the claimed notification (its attempts counted), or empty if someone else took it
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<Notification> claim(long id, Instant now, Duration lease) {
        if (!notifications.claim(id, now, now.plus(lease))) {
            return Optional.empty();
        }
        return notifications.find(id);
    }

    /**
     * @param id  a claimed notification
     * @param now when the SMTP server accepted it
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void sent(long id, Instant now) {
        notifications.find(id).ifPresent(n -> n.sent(now));
    }

    /**
     * @param id           a claimed notification
     * @param error        why the attempt failed
     * @param now          when
     * @param maxAttempts  attempts allowed in all
     * @param initialDelay backoff after the first failure, doubled after each further one
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void attemptFailed(long id, String error, Instant now, int maxAttempts, Duration initialDelay) {
        notifications.find(id).ifPresent(n -> n.attemptFailed(error, now, maxAttempts, initialDelay));
    }
}
