package io.twd.platform.domain;

/** The addressed aggregate does not exist. Maps to HTTP 404. */
public class NotFoundException extends DomainException {

    private static final long serialVersionUID = 1L;

    /**
     * @param aggregate the aggregate's name, e.g. {@code phone}
     * @param id        the id that was looked up
     */
    public NotFoundException(String aggregate, Object id) {
        super(Reason.NOT_FOUND, "not-found", "No " + aggregate + " with id " + id);
    }
}
