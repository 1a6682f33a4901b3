package io.twd.systemtest;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.twd.testkit.TwdSystem;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;

/**
 * An SMTP server in the test JVM (GreenMail) on a free loopback port, one per test run, and
 * the message service's server started to send to it ({@code SMTP_PORT}).
 */
final class MailSink {

    private static GreenMail greenMail;
    private static int port;
    private static boolean messageServerWired;

    private MailSink() {
    }

    /** @return the running sink, started on first use */
    static synchronized GreenMail get() {
        if (greenMail == null) {
            port = io.twd.testkit.Ports.free();
            start();
        }
        return greenMail;
    }

    /** Starts (again) on the same port, e.g. after {@link #stop()}. */
    static synchronized void start() {
        greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
    }

    /** Stops the sink: the SMTP port refuses connections until {@link #start()}. */
    static synchronized void stop() {
        greenMail.stop();
    }

    /** @return the sink's SMTP port */
    static synchronized int port() {
        get();
        return port;
    }

    /**
     * Starts the message server (and the broker) sending to this sink. If a server of an
     * earlier test class runs without it, it is restarted.
     *
     * @param system the shared system
     */
    static synchronized void startMessageServer(TwdSystem system) {
        system.withEnvironment("SMTP_PORT", Integer.toString(port()));
        if (!messageServerWired && system.server("message").isRunning()) {
            system.server("message").stop();
        }
        system.start("message");
        messageServerWired = true;
    }

    /**
     * @param recipient an e-mail address
     * @return the messages received for it so far
     */
    static List<MimeMessage> to(String recipient) {
        return Arrays.stream(get().getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                        .anyMatch(a -> a.toString().equalsIgnoreCase(recipient));
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }
}
