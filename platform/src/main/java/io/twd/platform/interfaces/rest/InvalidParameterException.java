package io.twd.platform.interfaces.rest;

/**
 * A request parameter is well formed but refused by a rule that Bean Validation cannot state on
 * its own (it depends on configuration or on another parameter). Answered like a failed
 * validation: 400 {@code invalid-request}, with one {@code errors} entry naming the parameter.
 */
public class InvalidParameterException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String parameter;

    /**
     * @param parameter the query or path parameter's name, e.g. {@code page}
     * @param message   why its value was refused, for a person (our own words)
     */
    public InvalidParameterException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    /** @return the refused parameter's name */
    public String parameter() {
        return parameter;
    }
}
