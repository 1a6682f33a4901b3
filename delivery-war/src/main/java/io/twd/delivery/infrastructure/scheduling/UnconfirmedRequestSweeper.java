package io.twd.delivery.infrastructure.scheduling;

import io.twd.delivery.application.DeliveryService;
import io.twd.delivery.domain.model.delivery.Delivery;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Discards delivery requests whose order never committed: a request still unconfirmed after
 * {@code delivery.request.ttl.seconds} (default 600 s, env {@code DELIVERY_REQUEST_TTL_SECONDS})
 * is discarded, checked every {@code delivery.request.sweep.seconds} (default 30 s). The TTL must
 * be far longer than an {@code Ordered} event takes to arrive; a request discarded too early is
 * revived by its late {@code Ordered} anyway.
 */
@ApplicationScoped
public class UnconfirmedRequestSweeper {

    private static final Logger LOG = Logger.getLogger(UnconfirmedRequestSweeper.class.getName());
    private static final int BATCH = 100;

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService scheduler;

    @Inject
    DeliveryService deliveries;

    @Inject
    @ConfigProperty(name = "delivery.request.ttl.seconds", defaultValue = "600")
    long ttlSeconds;

    @Inject
    @ConfigProperty(name = "delivery.request.sweep.seconds", defaultValue = "30")
    long sweepSeconds;

    private ScheduledFuture<?> task;

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        task = scheduler.scheduleWithFixedDelay(this::sweep, sweepSeconds, sweepSeconds, TimeUnit.SECONDS);
    }

    /**
     * Discards every expired request, a batch per transaction, and logs one line per request
     * ("Discarded delivery request ID of order ID: ..."); failures are logged and retried next time.
     */
    void sweep() {
        try {
            List<Delivery> discarded;
            do {
                discarded = deliveries.expireUnconfirmed(Duration.ofSeconds(ttlSeconds), BATCH);
                for (Delivery request : discarded) {
                    LOG.info("Discarded delivery request " + request.getId() + " of order " + request.getOrderId()
                            + ": unconfirmed after " + ttlSeconds + " s, its order never committed");
                }
            } while (discarded.size() == BATCH);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Sweep of unconfirmed delivery requests failed; retried in " + sweepSeconds + " s", e);
        }
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }
}
