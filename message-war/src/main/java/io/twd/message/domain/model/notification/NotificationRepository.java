package io.twd.message.domain.model.notification;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The notifications, in the message service's own database. */
public interface NotificationRepository {

    /**
     * @param notification a new notification
     * @throws jakarta.persistence.PersistenceException if one for the same event exists (the
     *     caller's transaction rolls back)
     */
    void add(Notification notification);

    /**
     * @param id a notification id
     * @return it, or empty
     */
    Optional<Notification> find(long id);

    /**
     * @param ids notification ids
     * @return those that exist, in the order of {@code ids}
     */
    List<Notification> findAll(List<Long> ids);

    /**
     * @param now   the current time
     * @param limit most ids to return, 1 or more
     * @return ids of {@link NotificationStatus#PENDING} notifications due at {@code now}, oldest first
     */
    List<Long> due(Instant now, int limit);

    /**
     * Claims a due notification for one send attempt: counts the attempt and moves its
     * {@code nextAttemptAt} to {@code leaseUntil}, so no other sender takes it meanwhile (if this
     * one dies mid-send, it is retried after the lease).
     *
     * @param id         the notification
     * @param now        the current time
     * @param leaseUntil until when the claim holds
     * @return true if claimed; false if it was not due or not pending any more (someone else took it)
     */
    boolean claim(long id, Instant now, Instant leaseUntil);

    /**
     * @param filter the filters
     * @param offset the first item, 0 or more
     * @param limit  most items, 1 or more
     * @return matching notifications, by id
     */
    List<Notification> search(NotificationFilter filter, int offset, int limit);

    /**
     * @param filter the filters
     * @return how many match
     */
    long count(NotificationFilter filter);
}
