package dev.baton.codec;

/**
 * The operation a decision answers, as a u8 on the wire. Unknown codes (from a newer writer) decode to
 * {@link #UNKNOWN} rather than failing.
 *
 * <p><b>Note:</b> immutable; {@link #get} allocates nothing.
 */
public enum Operation {
    /** A code this build does not know; never written. */
    UNKNOWN(0),
    /** A principal starts a task (root grant). */
    OPEN(1),
    /** A holder hands a sub-task to another agent. */
    DELEGATE(2),
    /** One child of a fan-out. */
    FAN_OUT_CHILD(3),
    /** A holder calls a tool. */
    AUTHORIZE(4),
    /** A tool call completed; records the output digest. */
    COMPLETE(5),
    /** A grant and its descendants are revoked. */
    REVOKE(6),
    /** A task ends; its root is revoked. */
    CLOSE(7),
    /** A reviewer approved or denied a pending decision. */
    REVIEW(8),
    /** An emergency grant. */
    BREAK_GLASS(9);

    private static final Operation[] BY_CODE = new Operation[256];

    static {
        for (final Operation operation : values()) {
            BY_CODE[operation.code] = operation;
        }
    }

    private final int code;

    Operation(final int code) {
        this.code = code;
    }

    /** @return the wire code. */
    public int code() {
        return code;
    }

    /**
     * @param code a wire code, 0..255 (other values give UNKNOWN).
     * @return the operation, or {@link #UNKNOWN}.
     */
    public static Operation get(final int code) {
        if (code < 0 || code >= BY_CODE.length) {
            return UNKNOWN;
        }
        final Operation operation = BY_CODE[code];
        return null == operation ? UNKNOWN : operation;
    }
}
