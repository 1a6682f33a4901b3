package io.twd.message.infrastructure.scheduling;

import io.twd.message.application.NotificationRecorded;
import io.twd.message.application.NotificationSender;
import io.twd.platform.infrastructure.scheduling.SingleFlight;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs {@link NotificationSender} on the server's managed scheduled executor, one run at a time
 * ({@link SingleFlight}): every {@code message.sender.period-ms} (default 1000 ms) from
 * application start, and at once after a consumer transaction that recorded a notification
 * commits. Notifications recorded while a run sends are sent by that run's next batch.
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

    private final SingleFlight flight = new SingleFlight("Notification sender", task -> executor.execute(task),
            () -> sender.sendAllDue(), "the notifications stay pending and are sent at the next poll");
    private volatile boolean stopped;
    private ScheduledFuture<?> polling;

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        polling = executor.scheduleWithFixedDelay(this::wake, periodMs, periodMs, TimeUnit.MILLISECONDS);
        LOG.info("Notification sender polls every " + periodMs + " ms");
    }

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) NotificationRecorded recorded) {
        wake();
    }

    private void wake() {
        if (!stopped) {
            flight.wake();
        }
    }

    @PreDestroy
    void stop() {
        stopped = true;
        if (polling != null) {
            polling.cancel(false);
        }
    }
}
