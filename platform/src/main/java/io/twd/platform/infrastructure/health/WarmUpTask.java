package io.twd.platform.infrastructure.health;

/**
 * Work a server does before it takes traffic, so that its first requests run at the speed of
 * later ones: the code paths a request uses (persistence unit, JTA with the broker, JSON
 * binding, REST clients) are loaded, compiled and connected once. A CDI bean implementing this
 * interface is found by {@link WarmUpReadinessCheck}, which runs every task at start and
 * reports the server ready (MicroProfile Health readiness) only when all have finished.
 *
 * <p>A task must have no effect that anyone can observe: it reads, or writes only what it
 * removes again, and publishes no event.
 */
public interface WarmUpTask {

    /** @return a short name for the readiness report and the log, e.g. {@code "persistence"} */
    String name();

    /**
     * Runs the task once. {@link WarmUpReadinessCheck} calls it several times in a row (the
     * first call loads and connects, the later ones let the JIT compile the hot path).
     *
     * @throws Exception if a resource the task needs is not there yet; the task is then retried
     *     after a pause (every second), and the server stays not ready
     */
    void run() throws Exception;
}
