package io.twd.mypage.application;

/**
 * Counts what this server's consumers did with the events they received, so that an operator
 * (and a test) can see how the work is shared between mypage replicas. Called by
 * {@link MyPageService} inside the transaction that applies the event; an implementation counts
 * only once that transaction has committed (see the infrastructure's metrics).
 */
public interface EventCounter {

    /**
     * Counts an event whose effect this server applied to the read model, once the current
     * transaction commits (not at all if it rolls back).
     *
     * @param eventType the event's type, e.g. {@code Ordered}
     */
    void applied(String eventType);

    /**
     * Counts a redelivered event that had been applied before and was dropped, once the current
     * transaction commits (not at all if it rolls back).
     *
     * @param eventType the event's type, e.g. {@code Ordered}
     */
    void duplicate(String eventType);
}
