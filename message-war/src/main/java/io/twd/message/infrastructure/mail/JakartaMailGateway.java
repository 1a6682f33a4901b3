package io.twd.message.infrastructure.mail;

import io.twd.message.application.MailGateway;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Date;

/**
 * {@link MailGateway} on Jakarta Mail, through the server's mail session {@code mail/twd}
 * (server.xml: host {@code smtp.host}, port {@code smtp.port}, sender {@code mail.from}).
 */
@ApplicationScoped
public class JakartaMailGateway implements MailGateway {

    @Resource(lookup = "mail/twd")
    Session session;

    @Override
    public void send(String messageId, String recipient, String subject, String text) {
        try {
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
            Transport.send(message);
        } catch (MessagingException e) {
            throw new MailFailure("SMTP: " + e.getMessage(), e);
        }
    }
}
