package io.twd.message.domain.model.notification;

/** How a notification reaches the customer. */
public enum Channel {
    /** E-mail through the configured SMTP server (Jakarta Mail). */
    EMAIL
}
