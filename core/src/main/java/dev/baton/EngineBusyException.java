package dev.baton;

/**
 * The engine's ring stayed full for the whole wait: the request was not queued, nothing was decided.
 * Back-pressure, not a failure: try again later.
 * <p>
 * <b>Note:</b> immutable.
 */
public final class EngineBusyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what was refused and for how long the engine was busy. */
    public EngineBusyException(final String message) {
        super(message);
    }
}
