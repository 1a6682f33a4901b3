package io.twd.message.application;

/**
 * CDI event fired when a notification was recorded; observed after the transaction commits
 * to start sending at once rather than at the next poll.
 *
 * @param notificationId the recorded notification's id
 */
public record NotificationRecorded(long notificationId) {
}
