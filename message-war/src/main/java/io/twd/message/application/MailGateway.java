package io.twd.message.application;

/** Outbound port: hands e-mails to the SMTP server, several over one connection. */
public interface MailGateway {

    /**
     * Opens a connection for a run of sends. The SMTP connection itself is made by the first
     * {@link Connection#send} and kept for the next ones; {@link Connection#close()} ends it.
     *
     * @return a connection, to be closed by the caller
     */
    Connection connect();

    /** One SMTP connection, used by one thread at a time. */
    interface Connection extends AutoCloseable {

        /**
         * Sends one plain-text e-mail; returns when the SMTP server accepted it. Connects (again)
         * if there is no open connection; after a failure the connection is closed, so the next
         * send connects anew.
         *
         * @param messageId the e-mail's {@code Message-ID} (RFC 5322 §3.6.4, without the angle
         *                  brackets), the same for every attempt of one notification, so that a
         *                  copy sent again after a crash is recognisably the same message
         * @param recipient the address
         * @param subject   the subject
         * @param text      the body
         * @throws MailFailure if the server cannot be reached or refuses the message
         */
        void send(String messageId, String recipient, String subject, String text);

        /** Ends the SMTP session ({@code QUIT}); never throws. */
        @Override
        void close();
    }

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
