package dev.baton.core;

/** Bit flags of a grant. */
public final class GrantFlags {
    /** The grant, or an ancestor, was revoked. */
    public static final int REVOKED = 1;
    /** The grant waits for a reviewer; it cannot be used. */
    public static final int PENDING = 1 << 1;
    /** An emergency grant; always flagged for post-hoc review. */
    public static final int BREAK_GLASS = 1 << 2;
    /** The holder is outside the root grant holder's trust domain. */
    public static final int EXTERNAL = 1 << 3;
    /** A reviewer approved this grant. */
    public static final int REVIEWED = 1 << 4;

    private GrantFlags() {
    }
}
