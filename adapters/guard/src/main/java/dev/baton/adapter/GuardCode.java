package dev.baton.adapter;

/**
 * Why an adapter refused a call before asking the engine. The engine's own refusals are {@link dev.baton.Reason}s;
 * a {@link ToolVerdict}'s code is the name of one or the other.
 */
public enum GuardCode {
    /** The call carried no warrant. */
    NO_WARRANT("the call carried no warrant"),
    /** The tool is not in the declared mapping. */
    UNMAPPED_TOOL("the tool is not in the declared tool mapping"),
    /** The warrant, proof or holder that came with the call could not be read. */
    MALFORMED_PRESENTATION("the presented warrant, proof or holder could not be read"),
    /** The presenter's identity matches no agent of the policy. */
    UNKNOWN_AGENT("the presenter's identity matches no agent in the policy"),
    /**
     * An argument the tool mapping declares is missing from the call, or not of its declared type; the detail
     * names it. Spelled as the engine's {@link dev.baton.Reason#ARGUMENT_INVALID}, which says the same of a
     * constrained argument.
     */
    ARGUMENT_INVALID("a declared argument is missing, or not of its declared type");

    private final String text;

    GuardCode(final String text) {
        this.text = text;
    }

    /** @return a short explanation. */
    public String text() {
        return text;
    }
}
