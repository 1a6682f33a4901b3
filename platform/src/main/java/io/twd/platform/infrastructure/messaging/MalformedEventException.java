package io.twd.platform.infrastructure.messaging;

import io.twd.platform.infrastructure.logging.LogText;

/**
 * A received message cannot be decoded as an event of this system, or has an event type the
 * consumer does not know. Thrown out of a message-driven bean, it rolls the delivery back;
 * after the broker's bounded redeliveries the message lands on its topic's dead-letter queue
 * ({@code DLQ.<address>}, with {@code _AMQ_ORIG_QUEUE} naming the subscription), logged with
 * its id, and the messages behind it go on.
 */
public class MalformedEventException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param messageId the JMS message id or event id, for the log
     * @param reason    what is wrong with it
     */
    public MalformedEventException(String messageId, String reason) {
        super("Malformed event " + LogText.quote(messageId) + ": " + reason);
    }

    /**
     * @param messageId the JMS message id or event id, for the log
     * @param reason    what is wrong with it
     * @param cause     the decoding failure behind it, logged with its stack trace
     */
    public MalformedEventException(String messageId, String reason, Throwable cause) {
        super("Malformed event " + LogText.quote(messageId) + ": " + reason, cause);
    }
}
