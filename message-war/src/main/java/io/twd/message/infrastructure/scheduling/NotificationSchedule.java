package io.twd.message.infrastructure.scheduling;

import io.twd.message.application.NotificationRecorded;
import io.twd.message.application.NotificationSender;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs {@link NotificationSender} on the server's managed scheduled executor: every
 * {@code message.sender.period-ms} (default 1000 ms) from application start, and at once after
 * a consumer transaction that recorded a notification commits.
 */
@ApplicationScoped
public class NotificationSchedule {

    private static final Logger LOG = Logger.getLogger(NotificationSchedule.class.getName());

    @Resource
    ManagedScheduledExecutorService executor;

    @Inject
    NotificationSender sender;

    @Inject
    @ConfigProperty(name = "message.sender.period-ms", defaultValue = "1000")
    long periodMs;

    private ScheduledFuture<?> polling;

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        polling = executor.scheduleWithFixedDelay(this::sendDue, periodMs, periodMs, TimeUnit.MILLISECONDS);
        LOG.info("Notification sender polls every " + periodMs + " ms");
    }

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) NotificationRecorded recorded) {
        try {
            executor.execute(this::sendDue);
        } catch (RejectedExecutionException e) {
            LOG.fine("Sender busy or stopping; the next poll sends notification " + recorded.notificationId());
        }
    }

    private void sendDue() {
        try {
            sender.sendDue();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Notification sender run failed; retried at the next poll", e);
        }
    }

    @PreDestroy
    void stop() {
        if (polling != null) {
            polling.cancel(false);
        }
    }
}
