package dev.baton.adapter.langchain4j;

/** What a refused tool call does to the agent that made it. */
public enum RefusalMode {
    /**
     * The tool is not run; the model gets an error result that names the reason, and may carry on (for example
     * explain to the user that it may not do this).
     */
    TELL_MODEL,
    /**
     * The tool is not run and the agent's invocation stops with a {@link ToolCallRefusedException}. LangChain4j's
     * default error handler turns exceptions into text for the model: set {@link BatonTools#rethrowRefusals()} as
     * the agent's {@code toolExecutionErrorHandler} so the exception stops the flow.
     */
    STOP
}
