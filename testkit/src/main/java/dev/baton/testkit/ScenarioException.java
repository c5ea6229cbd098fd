package dev.baton.testkit;

import dev.baton.UnknownNameException;
import dev.baton.policy.SourceRef;

/** A scenario file is malformed, or names something its policy does not have. */
public final class ScenarioException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message {@code file:line:col: field: what is wrong}. */
    public ScenarioException(final String message) {
        super(message);
    }

    /**
     * A step names something its policy does not declare.
     *
     * @param at   where the name was written.
     * @param e    the failed look-up.
     * @param hint added after the name (e.g. {@code (expected tool:action)}), or null.
     * @return {@code at: no <kind> '<name>' in the policy [hint] [(did you mean '<nearest>'?)]}.
     */
    public static ScenarioException unknownName(final SourceRef at, final UnknownNameException e, final String hint) {
        final String kind = "break-glass rule".equals(e.kind()) ? "break_glass rule" : e.kind();
        return new ScenarioException(at + ": no " + kind + " '" + e.name() + "' in the policy"
            + (hint == null ? "" : " " + hint)
            + (e.suggestion() == null ? "" : " (did you mean '" + e.suggestion() + "'?)"));
    }
}
