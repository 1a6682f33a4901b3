package io.twd.message.domain.model.notification;

/**
 * Filters of a notification listing; a null field matches everything.
 *
 * @param orderId    only this order's notifications
 * @param customerId only this customer's notifications
 * @param status     only notifications in this status
 */
public record NotificationFilter(Long orderId, String customerId, NotificationStatus status) {
}
