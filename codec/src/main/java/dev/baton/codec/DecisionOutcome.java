package dev.baton.codec;

/**
 * What a decision says, as a u8 on the wire. Unknown codes decode to {@link #UNKNOWN} rather than
 * failing.
 *
 * <p><b>Note:</b> immutable; {@link #get} allocates nothing.
 */
public enum DecisionOutcome {
    /** A code this build does not know; never written. */
    UNKNOWN(0),
    /** Granted. */
    ALLOW(1),
    /** Refused; the reason code names the rule. */
    DENY(2),
    /** Waits for a human reviewer. */
    REVIEW(3);

    private static final DecisionOutcome[] BY_CODE = {UNKNOWN, ALLOW, DENY, REVIEW};

    private final int code;

    DecisionOutcome(final int code) {
        this.code = code;
    }

    /** @return the wire code. */
    public int code() {
        return code;
    }

    /**
     * @param code a wire code.
     * @return the outcome, or {@link #UNKNOWN}.
     */
    public static DecisionOutcome get(final int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : UNKNOWN;
    }
}
