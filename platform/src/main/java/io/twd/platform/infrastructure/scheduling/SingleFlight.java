package io.twd.platform.infrastructure.scheduling;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs a draining task on an executor, one run at a time, for work that is woken after each
 * commit and by a poll (the outbox relay, the notification sender). {@link #wake()} starts a run
 * unless one is running; a wake during a run makes that run drain once more before it ends, so
 * no wake is lost and never two runs compete for the same rows.
 *
 * <p>The task drains everything due when it runs and returns. If it throws, the run ends, the
 * failure is logged as a warning with {@code failureHint}, and the next wake (the poll) retries.
 */
public final class SingleFlight {

    private static final Logger LOG = Logger.getLogger(SingleFlight.class.getName());

    private final String name;
    private final Executor executor;
    private final Runnable drain;
    private final String failureHint;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean wanted = new AtomicBoolean();

    /**
     * @param name        what runs, for the log (e.g. {@code "Outbox relay"})
     * @param executor    where runs execute (the server's managed executor)
     * @param drain       the task: does everything due now, then returns
     * @param failureHint what happens to the work after a failed run, for the log
     */
    public SingleFlight(String name, Executor executor, Runnable drain, String failureHint) {
        this.name = name;
        this.executor = executor;
        this.drain = drain;
        this.failureHint = failureHint;
    }

    /**
     * Asks for a run: starts one on the executor unless one is running, in which case that run
     * drains again before it ends. Returns at once. If the executor refuses (the server is
     * stopping), nothing runs now; the next wake tries again.
     */
    public void wake() {
        wanted.set(true);
        if (running.compareAndSet(false, true)) {
            try {
                executor.execute(this::run);
            } catch (RejectedExecutionException e) {
                running.set(false);
                LOG.fine(() -> name + " not started (server stopping): " + failureHint);
            }
        }
    }

    /** @return whether a run is in progress */
    public boolean isRunning() {
        return running.get();
    }

    private void run() {
        boolean failed = false;
        try {
            while (wanted.getAndSet(false)) {
                drain.run();
            }
        } catch (RuntimeException e) {
            failed = true;
            LOG.log(Level.WARNING, name + " failed: " + failureHint + ": " + e.getMessage(), e);
        } finally {
            running.set(false);
        }
        if (!failed && wanted.get()) {
            wake();  // woken while this run was ending
        }
    }
}
