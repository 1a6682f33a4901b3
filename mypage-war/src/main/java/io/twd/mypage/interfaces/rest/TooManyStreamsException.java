package io.twd.mypage.interfaces.rest;

import jakarta.ws.rs.ServiceUnavailableException;

/**
 * This server, or this caller, has as many live streams open as allowed: 503 with
 * {@code Retry-After} and this exception's message as the problem's {@code detail}.
 */
public class TooManyStreamsException extends ServiceUnavailableException {

    private static final long serialVersionUID = 1L;

    /** @param retryAfterSeconds when to try again, in seconds */
    public TooManyStreamsException(long retryAfterSeconds) {
        super("Too many live streams are open; try again in " + retryAfterSeconds + " seconds.", retryAfterSeconds);
    }
}
