package io.twd.platform.domain;

/**
 * An aggregate was asked for a transition its current state does not allow, for example
 * cancelling an order whose phone has already shipped. Maps to HTTP 409.
 */
public class UnsupportedStateTransitionException extends DomainException {

    private static final long serialVersionUID = 1L;

    /**
     * @param aggregate  the aggregate's name, e.g. {@code order}
     * @param state      its current state, e.g. {@code DeliveryStarted}
     * @param transition the refused transition, e.g. {@code cancel}
     */
    public UnsupportedStateTransitionException(String aggregate, Object state, String transition) {
        super(Reason.CONFLICT, "unsupported-state-transition",
                "Cannot " + transition + " " + aggregate + " in state " + state);
    }
}
