package dev.baton.adapter;


/**
 * Thrown instead of running a refused tool by an adapter told to stop the agent rather than tell the model.
 * <p>
 * <b>Note:</b> immutable; allocated per refusal.
 */
public final class ToolCallRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The refusal. */
    private final transient ToolVerdict verdict;

    /**
     * @param toolName the tool asked for.
     * @param verdict  the refusal.
     */
    public ToolCallRefusedException(final String toolName, final ToolVerdict verdict) {
        super(verdict.modelText(toolName));
        this.verdict = verdict;
    }

    /** @return the refusal (null after deserialization). */
    public ToolVerdict verdict() {
        return verdict;
    }
}
