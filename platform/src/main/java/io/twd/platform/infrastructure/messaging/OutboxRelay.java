package io.twd.platform.infrastructure.messaging;

import io.twd.platform.infrastructure.scheduling.SingleFlight;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The outbox relay of a publishing service: sends the events {@link EventPublisher} wrote to
 * the {@code outbox_event} table to their topics, in the order they were written, and deletes
 * them (the transactional outbox; {@code docs/events.md}, "The outbox").
 *
 * <p>It runs on the server's managed scheduled executor, one run at a time: at once after a
 * transaction that wrote an event commits ({@link #wake()}), and every
 * {@code outbox.relay.period-ms} (default 1000 ms) from application start, which sends what a
 * crash, a broker outage or a busy relay left behind. Each run sends batches of at most
 * {@code outbox.relay.batch-size} (default 200) events until the outbox is empty; a batch that
 * fails stays in the outbox and is sent at the next run.
 *
 * <p>Only a service whose persistence unit lists {@link OutboxEvent} has an outbox; in the others
 * the relay never runs.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class.getName());

    @Resource
    ManagedScheduledExecutorService executor;

    @PersistenceContext
    EntityManager em;

    @Inject
    OutboxBatch batch;

    @Inject
    OutboxTransport transport;

    @Inject
    @ConfigProperty(name = "outbox.relay.period-ms", defaultValue = "1000")
    long periodMs;

    @Inject
    @ConfigProperty(name = "outbox.relay.batch-size", defaultValue = "200")
    int batchSize;

    private final SingleFlight flight = new SingleFlight("Outbox relay", task -> executor.execute(task),
            this::drain, "the events stay in the outbox and are sent at the next poll");
    private volatile Boolean hasOutbox;
    private volatile boolean stopped;
    private ScheduledFuture<?> polling;

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        if (!hasOutbox()) {
            return;
        }
        polling = executor.scheduleWithFixedDelay(this::wake, 0, periodMs, TimeUnit.MILLISECONDS);
        LOG.info("Outbox relay sends at once after each commit and polls every " + periodMs
                + " ms, in batches of at most " + batchSize + " events");
    }

    /**
     * Asks for a run of the relay: starts one on the managed executor unless one is running, in
     * which case that run goes on until it finds the outbox empty. Returns at once.
     */
    public void wake() {
        if (stopped || !hasOutbox()) {
            return;
        }
        flight.wake();
    }

    /**
     * In a service with an outbox, sends one message to a temporary queue of its own (no consumer
     * sees it) in a local broker transaction, outside any JTA transaction, as the relay does;
     * elsewhere does nothing.
     *
     * @throws jakarta.jms.JMSRuntimeException if the broker cannot be reached
     */
    public void warmUp() {
        if (hasOutbox()) {
            transport.warmUp();
        }
    }

    private void drain() {
        while (batch.relayNext(batchSize) == batchSize) {
            // a full batch: more may be waiting
        }
    }

    /** @return whether the service's persistence unit lists {@link OutboxEvent} */
    private boolean hasOutbox() {
        Boolean has = hasOutbox;
        if (has == null) {
            has = em.getMetamodel().getEntities().stream().anyMatch(e -> e.getJavaType() == OutboxEvent.class);
            hasOutbox = has;
        }
        return has;
    }

    @PreDestroy
    void stop() {
        stopped = true;
        if (polling != null) {
            polling.cancel(false);
        }
    }
}
