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
    /** The verifier needs a proof of possession and none was presented. */
    PROOF_REQUIRED("the policy requires a proof of possession and none was presented");

    private final String text;

    GuardCode(final String text) {
        this.text = text;
    }

    /** @return a short explanation. */
    public String text() {
        return text;
    }
}
