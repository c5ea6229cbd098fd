package dev.baton.adapter;

/** What a refused tool call does to the agent that made it. In both modes the tool is not run. */
public enum RefusalMode {
    /**
     * The model gets an error result that names the reason, and may carry on (for example tell the user that it
     * may not do this).
     */
    TELL_MODEL,
    /**
     * The agent's invocation stops with a {@link ToolCallRefusedException}. Frameworks that turn tool exceptions
     * into text for the model by default need a rethrowing error handler (each adapter provides one).
     */
    STOP
}
