package io.twd.message.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.opentelemetry.api.OpenTelemetry;
import io.twd.message.domain.model.notification.Notification;
import io.twd.message.domain.model.notification.NotificationFilter;
import io.twd.message.domain.model.notification.NotificationRepository;
import io.twd.message.domain.model.notification.NotificationStatus;
import io.twd.message.domain.model.notification.NotificationText;
import io.twd.platform.infrastructure.messaging.EventTracing;
import java.lang.reflect.Field;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sender's batches, over an in-memory store and an SMTP server that counts its connections. */
class NotificationSenderTest {

    private final Map<Long, Notification> store = new LinkedHashMap<>();
    private final FakeSmtp smtp = new FakeSmtp();
    private final NotificationSender sender = new NotificationSender();

    @BeforeEach
    void wire() {
        NotificationOutbox outbox = new NotificationOutbox();
        outbox.notifications = new StoreRepository();
        sender.outbox = outbox;
        sender.mail = smtp;
        sender.tracing = new EventTracing(OpenTelemetry.noop());
        sender.maxAttempts = 5;
        sender.initialDelayMs = 2000;
        sender.leaseMs = 60_000;
        sender.batch = 3;
    }

    @Test
    void aBatchIsSentOverOneConnectionAndEveryAcceptedOneIsMarkedSent() {
        for (int i = 0; i < 7; i++) {
            pending("kim" + i + "@example.com");
        }

        assertEquals(7, sender.sendAllDue());

        assertEquals(7, smtp.accepted.size());
        assertEquals(3, smtp.connections, "7 notifications in batches of 3: three connections, one per batch");
        assertEquals(0, smtp.open, "every connection is closed");
        store.values().forEach(n -> {
            assertEquals(NotificationStatus.SENT, n.getStatus());
            assertEquals(1, n.getAttempts());
        });
    }

    @Test
    void eachAcceptedEmailIsRecordedAsSentBeforeTheNextIsSent() {
        // a server killed in the middle of a batch sends again only the e-mail it was sending, not
        // those of the batch the SMTP server had already accepted (NotificationSender's Javadoc)
        for (int i = 0; i < 3; i++) {
            pending("kim" + i + "@example.com");
        }

        assertEquals(new NotificationSender.Batch(3, 3), sender.sendDue());

        assertEquals(3, smtp.acceptedMessageIds.size());
        assertEquals(List.of(), smtp.unrecordedAtNextSend,
                "e-mails the SMTP server had accepted, not yet recorded as sent when the next was sent");
    }

    @Test
    void aRefusedMessageIsRetriedLaterAndTheRestOfTheBatchIsStillSent() {
        Notification first = pending("kim@example.com");
        Notification refused = pending("refused@example.com");
        Notification third = pending("lee@example.com");

        NotificationSender.Batch batch = sender.sendDue();

        assertEquals(new NotificationSender.Batch(3, 2), batch);
        assertEquals(NotificationStatus.SENT, first.getStatus());
        assertEquals(NotificationStatus.SENT, third.getStatus());
        assertEquals(NotificationStatus.PENDING, refused.getStatus());
        assertEquals(1, refused.getAttempts());
        assertEquals(Notification.SEND_FAILED, refused.getLastError(), "our words, not the mail server's");
        assertEquals(2, smtp.connections, "the refusal closed the connection; the next send opened another");
        assertEquals(List.of("kim@example.com", "lee@example.com"), smtp.accepted);
    }

    @Test
    void aBatchWhoseClaimsExpiredLeavesTheRestToTheNextClaim() {
        Notification first = pending("kim@example.com");
        Notification second = pending("lee@example.com");
        sender.leaseMs = 0;  // every claim has expired by the time it is sent

        NotificationSender.Batch batch = sender.sendDue();

        assertEquals(new NotificationSender.Batch(2, 0), batch);
        assertEquals(List.of(), smtp.accepted);
        assertEquals(NotificationStatus.PENDING, first.getStatus());
        assertEquals(NotificationStatus.PENDING, second.getStatus());
        assertNull(first.getSentAt());
    }

    private Notification pending(String email) {
        Instant past = Instant.now().minusSeconds(1);
        Notification n = Notification.record(UUID.randomUUID().toString(), "Ordered", past, store.size() + 1L,
                "kim", email, NotificationText.of("Ordered", store.size() + 1L, "galaxy", null), past);
        set(n, "id", store.size() + 1L);
        store.put(n.getId(), n);
        return n;
    }

    private static void set(Notification n, String field, Object value) {
        try {
            Field f = Notification.class.getDeclaredField(field);
            f.setAccessible(true);
            f.set(n, value);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The repository's contract over {@link #store}, the claim included. */
    private final class StoreRepository implements NotificationRepository {

        @Override
        public void add(Notification notification) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Notification> find(long id) {
            return Optional.ofNullable(store.get(id));
        }

        @Override
        public List<Notification> findAll(List<Long> ids) {
            return ids.stream().map(store::get).filter(Objects::nonNull).toList();
        }

        @Override
        public List<Long> due(Instant now, int limit) {
            return store.values().stream()
                    .filter(n -> n.getStatus() == NotificationStatus.PENDING && !n.getNextAttemptAt().isAfter(now))
                    .sorted(Comparator.comparing(Notification::getNextAttemptAt).thenComparing(Notification::getId))
                    .limit(limit).map(Notification::getId).toList();
        }

        @Override
        public boolean claim(long id, Instant now, Instant leaseUntil) {
            Notification n = store.get(id);
            if (n.getStatus() != NotificationStatus.PENDING || n.getNextAttemptAt().isAfter(now)) {
                return false;
            }
            set(n, "attempts", n.getAttempts() + 1);
            set(n, "nextAttemptAt", leaseUntil);
            return true;
        }

        @Override
        public List<Notification> search(NotificationFilter filter, int offset, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long count(NotificationFilter filter) {
            throw new UnsupportedOperationException();
        }
    }

    /** Accepts every recipient but {@code refused@...}; counts connections. */
    private final class FakeSmtp implements MailGateway {

        final List<String> accepted = new ArrayList<>();
        final List<String> acceptedMessageIds = new ArrayList<>();
        /** Message-IDs the server had accepted but the store did not yet record as sent, at each send. */
        final List<String> unrecordedAtNextSend = new ArrayList<>();
        final Set<String> refused = Set.of("refused@example.com");
        int connections;
        int open;

        @Override
        public Connection connect() {
            return new Connection() {
                private boolean connected;

                @Override
                public void send(String messageId, String recipient, String subject, String text) {
                    if (!connected) {
                        connected = true;
                        connections++;
                        open++;
                    }
                    for (String earlier : acceptedMessageIds) {
                        store.values().stream()
                                .filter(n -> NotificationSender.messageId(n).equals(earlier))
                                .filter(n -> n.getStatus() != NotificationStatus.SENT)
                                .forEach(n -> unrecordedAtNextSend.add(earlier));
                    }
                    if (refused.contains(recipient)) {
                        close();
                        throw new MailFailure("SMTP: 550 mailbox unavailable", null);
                    }
                    accepted.add(recipient);
                    acceptedMessageIds.add(messageId);
                }

                @Override
                public void close() {
                    if (connected) {
                        connected = false;
                        open--;
                    }
                }
            };
        }
    }
}
