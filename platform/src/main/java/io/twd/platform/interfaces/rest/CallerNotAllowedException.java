package io.twd.platform.interfaces.rest;

import jakarta.ws.rs.ForbiddenException;

/**
 * A signed-in caller asked for something their role admits, but not for these data (a customer
 * listing another customer's orders): answered 403 with this exception's message as the
 * problem's {@code detail}.
 */
public class CallerNotAllowedException extends ForbiddenException {

    private static final long serialVersionUID = 1L;

    /** @param message what the caller may not do, for a person */
    public CallerNotAllowedException(String message) {
        super(message);
    }
}
