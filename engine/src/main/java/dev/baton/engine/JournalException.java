package dev.baton.engine;

/** A journal cannot be used: it does not verify, or does not replay to what it recorded. */
public final class JournalException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the record. */
    public JournalException(final String message) {
        super(message);
    }
}
