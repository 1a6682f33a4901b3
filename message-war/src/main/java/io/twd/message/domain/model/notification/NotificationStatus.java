package io.twd.message.domain.model.notification;

/** Where a notification is in its delivery. */
public enum NotificationStatus {
    /** Recorded, waiting for the sender (first attempt or a retry after a failure). */
    PENDING,
    /** Accepted by the SMTP server. Final. */
    SENT,
    /** Every allowed attempt failed. Final. */
    FAILED,
    /**
     * Not deliverable on this channel: the event carried no {@code customerEmail}. Recorded so
     * that the history shows the status change was noticed. Final.
     */
    SKIPPED
}
