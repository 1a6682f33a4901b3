package io.twd.mypage.infrastructure.metrics;

import io.twd.mypage.application.EventCounter;
import io.twd.mypage.application.MyPageService;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The consumers' work as application metrics (MicroProfile Metrics), served by each server at
 * {@code /metrics} (Prometheus text; scope {@code application}):
 * <ul>
 *   <li>{@value #APPLIED}, in Prometheus {@code mypage_events_applied_total{eventType="Ordered"}}:
 *       events whose effect this server applied to the read model;</li>
 *   <li>{@value #DUPLICATES}, in Prometheus {@code mypage_events_duplicates_total{eventType="Ordered"}}:
 *       redeliveries of events applied before (by this server or, on a shared database, by a
 *       replica), dropped.</li>
 * </ul>
 * Both count events (unit none), per event type, since the server started; each is counted after
 * the transaction that applied or dropped it committed, so a rolled-back attempt (which the
 * broker redelivers) is not counted. With several replicas, the sum of the increases
 * of their {@value #APPLIED} is the number of events applied in all.
 */
@ApplicationScoped
public class EventMetrics implements EventCounter {

    /** Name of the counter of applied events (MicroProfile Metrics name; tag {@value #TAG}). */
    public static final String APPLIED = "mypage.events.applied";

    /** Name of the counter of redeliveries dropped as duplicates (tag {@value #TAG}). */
    public static final String DUPLICATES = "mypage.events.duplicates";

    /** The tag naming the event type, e.g. {@code eventType="Ordered"}. */
    public static final String TAG = "eventType";

    private static final Metadata APPLIED_METADATA = Metadata.builder().withName(APPLIED)
            .withDescription("Events whose effect this mypage server applied to the read model, counted after commit")
            .withUnit(MetricUnits.NONE).build();

    private static final Metadata DUPLICATES_METADATA = Metadata.builder().withName(DUPLICATES)
            .withDescription("Redelivered events this mypage server dropped because they had been applied before")
            .withUnit(MetricUnits.NONE).build();

    @Inject
    MetricRegistry registry;

    @Resource
    TransactionSynchronizationRegistry transactions;

    /** Registers every counter at 0 when the application starts, so each shows before its first event. */
    void register(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        for (String eventType : MyPageService.EVENT_TYPES) {
            counter(APPLIED_METADATA, eventType);
            counter(DUPLICATES_METADATA, eventType);
        }
    }

    /**
     * Adds one to {@value #APPLIED} for the type once the current transaction commits (at once
     * if there is none).
     *
     * @param eventType the event's type
     */
    @Override
    public void applied(String eventType) {
        afterCommit(counter(APPLIED_METADATA, eventType));
    }

    /**
     * Adds one to {@value #DUPLICATES} for the type once the current transaction commits (at
     * once if there is none).
     *
     * @param eventType the event's type
     */
    @Override
    public void duplicate(String eventType) {
        afterCommit(counter(DUPLICATES_METADATA, eventType));
    }

    private Counter counter(Metadata metadata, String eventType) {
        return registry.counter(metadata, new Tag(TAG, eventType));
    }

    private void afterCommit(Counter counter) {
        if (transactions.getTransactionKey() == null) {
            counter.inc();
            return;
        }
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                // nothing to do before the commit
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    counter.inc();
                }
            }
        });
    }
}
