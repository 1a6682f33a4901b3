package io.twd.message.application;

/** Outbound port: hands one e-mail to the SMTP server. */
public interface MailGateway {

    /**
     * Sends one plain-text e-mail; returns when the SMTP server accepted it.
     *
     * @param messageId the e-mail's {@code Message-ID} (RFC 5322 §3.6.4, without the angle
     *                  brackets), the same for every attempt of one notification, so that a copy
     *                  sent again after a crash is recognisably the same message
     * @param recipient the address
     * @param subject   the subject
     * @param text      the body
     * @throws MailFailure if the server cannot be reached or refuses the message
     */
    void send(String messageId, String recipient, String subject, String text);

    /** The SMTP server did not accept a message. */
    class MailFailure extends RuntimeException {

        private static final long serialVersionUID = 1L;

        /**
         * @param message what went wrong
         * @param cause   the mail API's exception
         */
        public MailFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
