package io.twd.platform.domain;

import java.util.Objects;

/**
 * A business rule refused a command. Thrown by aggregates and application services; the REST
 * layer turns it into an RFC 9457 problem response whose status follows {@link #reason()}.
 *
 * <p>Subclasses name one rule each (for example a duplicate phone) and give it a stable
 * {@link #problemType() problem type} that clients can switch on.
 */
public abstract class DomainException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why the command was refused; decides the HTTP status of the problem response. */
    public enum Reason {
        /** The addressed aggregate does not exist (HTTP 404). */
        NOT_FOUND(404),
        /** The command conflicts with the aggregate's current state (HTTP 409). */
        CONFLICT(409),
        /** The command is well formed but refers to something the service cannot act on (HTTP 422). */
        UNPROCESSABLE(422);

        private final int status;

        Reason(int status) {
            this.status = status;
        }

        /** @return the HTTP status code for this reason: 404, 409 or 422 */
        public int status() {
            return status;
        }
    }

    private final Reason reason;
    private final String problemType;

    /**
     * @param reason      why the command was refused; not null
     * @param problemType short kebab-case name of the rule, e.g. {@code duplicate-phone}; not null
     * @param message     human-readable detail shown to the client; not null
     */
    protected DomainException(Reason reason, String problemType, String message) {
        super(Objects.requireNonNull(message, "message"));
        this.reason = Objects.requireNonNull(reason, "reason");
        this.problemType = Objects.requireNonNull(problemType, "problemType");
    }

    /** @return why the command was refused */
    public Reason reason() {
        return reason;
    }

    /** @return the short name of the violated rule, e.g. {@code duplicate-phone} */
    public String problemType() {
        return problemType;
    }
}
