package io.twd.platform.infrastructure.messaging;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
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

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean wanted = new AtomicBoolean();
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
        wanted.set(true);
        if (running.compareAndSet(false, true)) {
            try {
                executor.execute(this::run);
            } catch (RejectedExecutionException e) {
                running.set(false);
                LOG.fine("Outbox relay not started (server stopping); the next poll sends the events");
            }
        }
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

    private void run() {
        boolean failed = false;
        try {
            while (wanted.getAndSet(false)) {
                while (batch.relayNext(batchSize) == batchSize) {
                    // a full batch: more may be waiting
                }
            }
        } catch (RuntimeException e) {
            failed = true;
            LOG.log(Level.WARNING, "Outbox relay could not send; the events stay in the outbox and are sent at "
                    + "the next poll: " + e.getMessage(), e);
        } finally {
            running.set(false);
        }
        if (!failed && wanted.get()) {
            wake();  // a commit woke the relay while this run was ending
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
