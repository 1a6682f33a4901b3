package io.twd.message.infrastructure.mail;

import io.twd.message.application.MailGateway;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@link MailGateway} on Jakarta Mail, through the server's mail session {@code mail/twd}
 * (server.xml: host {@code smtp.host}, port {@code smtp.port}, sender {@code mail.from}). A
 * {@link Connection} keeps one SMTP {@link Transport} open across its sends, as
 * {@link Transport#send} would open and close one per message.
 */
@ApplicationScoped
public class JakartaMailGateway implements MailGateway {

    private static final Logger LOG = Logger.getLogger(JakartaMailGateway.class.getName());

    @Resource(lookup = "mail/twd")
    Session session;

    @Override
    public Connection connect() {
        return new SmtpConnection();
    }

    private MimeMessage message(String messageId, String recipient, String subject, String text)
            throws MessagingException {
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", "<" + messageId + ">"); // ours, not a new one per attempt
            }
        };
        String from = session.getProperty("mail.from");
        if (from != null && !from.isBlank()) {
            message.setFrom(new InternetAddress(from));
        } else {
            message.setFrom();
        }
        message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(recipient, true));
        message.setSubject(subject, StandardCharsets.UTF_8.name());
        message.setText(text, StandardCharsets.UTF_8.name());
        message.setSentDate(new Date());
        message.saveChanges();
        return message;
    }

    /** One SMTP session, opened by the first send. */
    private final class SmtpConnection implements Connection {

        private Transport transport;

        @Override
        public void send(String messageId, String recipient, String subject, String text) {
            try {
                MimeMessage message = message(messageId, recipient, subject, text);
                Address[] recipients = message.getAllRecipients();
                if (transport == null) {
                    transport = session.getTransport(recipients[0]);
                    transport.connect();
                }
                transport.sendMessage(message, recipients);
            } catch (MessagingException e) {
                close();
                throw new MailFailure("SMTP: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            if (transport == null) {
                return;
            }
            try {
                transport.close();
            } catch (MessagingException e) {
                LOG.log(Level.FINE, "SMTP connection not closed cleanly", e);
            } finally {
                transport = null;
            }
        }
    }
}
