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
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The outbox relay of a publishing service: sends the events {@link EventPublisher} wrote to
 * the {@code outbox_event} table to their topics, in the order they were written, and deletes
 * them (the transactional outbox; {@code docs/events.md}, "The outbox").
 *
 * <p>It runs on the server's managed scheduled executor, one run at a time: at once after a
 * transaction that wrote an event commits ({@link #wake()}), and every
 * {@code outbox.relay.period-ms} (default 1000 ms) from application start, which sends what a
 * crash, a broker outage or a busy relay left behind. Each run sends batches of at most
 * {@code outbox.relay.batch-size} (default 200) events until the outbox is empty; what a batch
 * could not send stays in the outbox and is sent at the next run. An event the broker refuses
 * {@code outbox.relay.max-attempts} times (default 10, one attempt per poll) is parked
 * ({@link OutboxBatch}).
 *
 * <p>Its metrics (MicroProfile Metrics, scope {@code application}, at {@code /metrics}):
 * {@value #SENT} (Prometheus {@code outbox_events_sent_total}), the events this server's relay sent
 * and deleted since it started; {@value #PARKED} (Prometheus {@code outbox_events_parked}), the
 * events parked in the service's outbox now, and {@value #WAITING} (Prometheus
 * {@code outbox_events_waiting}), the events waiting in it to be sent now (the relay's backlog),
 * each counted at each scrape and tagged with the service ({@value #SERVICE_TAG}).
 *
 * <p>Only a service whose persistence unit lists {@link OutboxEvent} has an outbox
 * ({@link OutboxEvent#isListedIn}); in the others the relay never runs.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class.getName());

    /** Name of the counter of events sent (and deleted from the outbox) by this server's relay. */
    public static final String SENT = "outbox.events.sent";

    /** Name of the gauge of events parked in the service's outbox. */
    public static final String PARKED = "outbox.events.parked";

    /** Tag of the gauges: the service (its application's name), e.g. {@code service="order"}. */
    public static final String SERVICE_TAG = "service";

    /** Name of the gauge of events waiting in the service's outbox to be sent (not parked). */
    public static final String WAITING = "outbox.events.waiting";

    private static final Metadata SENT_METADATA = Metadata.builder().withName(SENT)
            .withDescription("Events this server's outbox relay sent to the broker and deleted from the outbox")
            .withUnit(MetricUnits.NONE).build();

    private static final Metadata WAITING_METADATA = Metadata.builder().withName(WAITING)
            .withDescription("Events waiting in the service's outbox to be sent to the broker (not parked):"
                    + " the outbox relay's backlog")
            .withUnit(MetricUnits.NONE).build();

    private static final Metadata PARKED_METADATA = Metadata.builder().withName(PARKED)
            .withDescription("Events parked in the service's outbox after the broker refused them"
                    + " outbox.relay.max-attempts times; never sent until an operator releases them")
            .withUnit(MetricUnits.NONE).build();

    @Resource
    ManagedScheduledExecutorService executor;

    // the application's name (shop, order, delivery): the gauges' tag, so that the three services'
    // outboxes stay apart where one server runs them all (Jakarta EE 10 §5.15.3, java:app/AppName)
    @Resource(lookup = "java:app/AppName")
    String applicationName;

    @PersistenceContext
    EntityManager em;

    @Inject
    OutboxBatch batch;

    @Inject
    OutboxTransport transport;

    @Inject
    MetricRegistry registry;

    @Inject
    @ConfigProperty(name = "outbox.relay.period-ms", defaultValue = "1000")
    long periodMs;

    @Inject
    @ConfigProperty(name = "outbox.relay.batch-size", defaultValue = "200")
    int batchSize;

    @Inject
    @ConfigProperty(name = "outbox.relay.max-attempts", defaultValue = "10")
    int maxAttempts;

    private final SingleFlight flight = new SingleFlight("Outbox relay", task -> executor.execute(task),
            this::drain, "the events stay in the outbox and are sent at the next poll");
    private volatile Boolean hasOutbox;
    private volatile boolean stopped;
    private ScheduledFuture<?> polling;
    /** Events sent since start; null until the application started (and in a service without outbox). */
    Counter sent;

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        if (!hasOutbox()) {
            return;
        }
        sent = registry.counter(SENT_METADATA);
        Tag service = new Tag(SERVICE_TAG, applicationName);
        registry.gauge(PARKED_METADATA, this, OutboxRelay::parked, service);
        registry.gauge(WAITING_METADATA, this, OutboxRelay::waiting, service);
        polling = executor.scheduleWithFixedDelay(this::wake, 0, periodMs, TimeUnit.MILLISECONDS);
        LOG.info("Outbox relay sends at once after each commit and polls every " + periodMs
                + " ms, in batches of at most " + batchSize + " events; an event the broker refuses "
                + maxAttempts + " times is parked");
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

    /**
     * Sends batches while more may be waiting: until one is not full or could not be sent whole
     * (what it did not send waits for the next run), going on after a batch that parked an
     * event; counts what was sent once each batch committed.
     */
    void drain() {
        OutboxBatch.Relayed relayed;
        do {
            relayed = batch.relayNext(batchSize, maxAttempts);
            if (sent != null) {
                sent.inc(relayed.sent());
            }
        } while (relayed.moreAtOnce(batchSize));
    }

    /**
     * @return how many events are parked in the service's outbox now; NaN if the database cannot
     *     be read (the scrape shows the gap)
     */
    double parked() {
        return countOrNaN(batch::parked, "parked");
    }

    /**
     * @return how many events wait in the service's outbox to be sent now; NaN if the database
     *     cannot be read
     */
    double waiting() {
        return countOrNaN(batch::waiting, "waiting");
    }

    private static double countOrNaN(java.util.function.LongSupplier count, String which) {
        try {
            return count.getAsLong();
        } catch (RuntimeException e) {
            LOG.log(java.util.logging.Level.FINE, "Cannot count the " + which + " events of the outbox", e);
            return Double.NaN;
        }
    }

    /** @return whether the service's persistence unit lists {@link OutboxEvent} */
    private boolean hasOutbox() {
        Boolean has = hasOutbox;
        if (has == null) {
            has = OutboxEvent.isListedIn(em.getMetamodel());
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
