package io.twd.platform.infrastructure.health;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: DOWN until every {@link WarmUpTask} of the application has run
 * {@code twd.warm-up.rounds} times (default 3) without an error, UP from then on. The tasks run
 * one after the other on the server's managed executor as soon as the application has started
 * (CDI {@link Startup}); a task that fails is retried every second, and its last error is in
 * the readiness report ({@code GET /health/ready}, check {@code "warm-up"}, data
 * {@code <task>: <error>}).
 *
 * <p>So a server behind a Kubernetes Service or the gateway gets traffic only when its first
 * request is as fast as the following ones: without it, the first order after a start took
 * 1.6 s per cold server (order or delivery), and 3.5 s with both cold, which is more than
 * order's 2 s timeout of the call to delivery.
 */
@Readiness
@ApplicationScoped
public class WarmUpReadinessCheck implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(WarmUpReadinessCheck.class.getName());

    @Inject
    @Any
    Instance<WarmUpTask> tasks;

    @Resource
    ManagedExecutorService executor;

    @Inject
    @ConfigProperty(name = "twd.warm-up.rounds", defaultValue = "3")
    int rounds;

    /** Pause between two attempts of a failing task (ms). */
    long retryPauseMs = 1_000;

    private final Map<String, String> pending = new ConcurrentHashMap<>();
    private volatile boolean started;

    /**
     * Starts the warm-up when the application has started.
     *
     * @param startup CDI's start event
     */
    void start(@Observes Startup startup) {
        List<WarmUpTask> all = new ArrayList<>();
        tasks.forEach(all::add);
        begin(all, executor);
    }

    /**
     * Runs the tasks on the executor, in the order given.
     *
     * @param all    the tasks
     * @param runner where they run (the managed executor, in a server)
     */
    void begin(List<WarmUpTask> all, Executor runner) {
        all.forEach(task -> pending.put(task.name(), "not run yet"));
        started = true;
        runner.execute(() -> warmUp(all));
    }

    private void warmUp(List<WarmUpTask> all) {
        long began = System.nanoTime();
        for (WarmUpTask task : all) {
            for (int round = 1; round <= rounds; round++) {
                runUntilDone(task);
            }
            pending.remove(task.name());
        }
        LOG.info(() -> "Warm-up done in " + (System.nanoTime() - began) / 1_000_000 + " ms: "
                + all.stream().map(WarmUpTask::name).toList());
    }

    private void runUntilDone(WarmUpTask task) {
        for (int attempt = 1; ; attempt++) {
            try {
                task.run();
                return;
            } catch (Exception e) {
                pending.put(task.name(), String.valueOf(e));
                if (attempt == 1 || attempt % 30 == 0) {
                    LOG.log(Level.WARNING, "Warm-up task " + task.name() + " failed (attempt " + attempt
                            + "); retrying every " + retryPauseMs + " ms", e);
                }
            }
            try {
                Thread.sleep(retryPauseMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Warm-up interrupted", e);
            }
        }
    }

    /** @return UP when every task has finished; DOWN with each unfinished task and its last error */
    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("warm-up");
        if (!started) {
            return response.down().withData("state", "application not started").build();
        }
        Map<String, String> unfinished = Map.copyOf(pending);
        if (unfinished.isEmpty()) {
            return response.up().build();
        }
        unfinished.forEach(response::withData);
        return response.down().build();
    }
}
