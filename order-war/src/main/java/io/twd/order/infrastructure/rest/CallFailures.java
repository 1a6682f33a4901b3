package io.twd.order.infrastructure.rest;

import jakarta.ws.rs.ProcessingException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;

/**
 * What a failed MicroProfile Rest Client call to another service says about that service. Only a
 * refused connection, a connection that broke, and (for the caller to check) a 5xx answer or a
 * timeout mean that the service is unavailable; anything else (a response the client cannot
 * read, a programming error) is a failure of this service and must not look like one of the
 * other's.
 */
public final class CallFailures {

    /** The kinds of a {@link ProcessingException}. */
    public enum Kind {
        /** The connection was refused or had no route: the request never reached the service. */
        UNREACHABLE,
        /** An I/O failure while the call was under way (reset, closed, read timeout). */
        BROKEN,
        /** Anything else, e.g. a response body that cannot be read. */
        OTHER
    }

    private CallFailures() {
    }

    /**
     * @param failure what the client threw outside an HTTP answer
     * @return its kind, from the first I/O exception in its causes; {@link Kind#OTHER} if there is none
     */
    public static Kind of(ProcessingException failure) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return Kind.UNREACHABLE;
            }
            if (t instanceof IOException) {
                return Kind.BROKEN;
            }
        }
        return Kind.OTHER;
    }
}
