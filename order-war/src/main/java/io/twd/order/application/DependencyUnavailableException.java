package io.twd.order.application;

/**
 * A service the order service must ask synchronously cannot answer right now (down, too slow,
 * overloaded, or its circuit breaker is open): the command was not applied. The REST layer
 * answers 503 with {@code Retry-After} and a problem naming what is unavailable (docs/architecture.md §1:
 * "ask the customer to order again shortly").
 */
public abstract class DependencyUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String problemName;
    private final String title;
    private final String reason;
    private final long retryAfterSeconds;

    /**
     * @param problemName       the problem type's name, e.g. {@code delivery-unavailable}
     * @param title             the problem's title, e.g. "Delivery temporarily unavailable"
     * @param reason            the sentence the customer reads before "Please try again in N seconds."
     * @param retryAfterSeconds when the client should try again, in seconds; below 1 counts as 1
     * @param cause             what failed; may be null
     */
    protected DependencyUnavailableException(String problemName, String title, String reason,
                                             long retryAfterSeconds, Throwable cause) {
        super(title + ": " + reason, cause);
        this.problemName = problemName;
        this.title = title;
        this.reason = reason;
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    /** @return seconds after which a retry may succeed, 1 or more */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** @return the problem type's name, e.g. {@code delivery-unavailable} (type {@code urn:twd:problem:<name>}) */
    public String problemName() {
        return problemName;
    }

    /** @return the problem's title, e.g. "Delivery temporarily unavailable" */
    public String title() {
        return title;
    }

    /** @return the sentence the customer reads before "Please try again in N seconds." */
    public String reason() {
        return reason;
    }
}
