package dev.baton.engine.scenario;

/** A scenario file is malformed, or names something its policy does not have. */
public final class ScenarioException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message {@code file:line:col: field: what is wrong}. */
    public ScenarioException(final String message) {
        super(message);
    }
}
