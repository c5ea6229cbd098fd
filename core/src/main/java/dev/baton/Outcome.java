package dev.baton;

/** What a decision says. */
public enum Outcome {
    /** The request is granted; for a delegation, a child grant exists. */
    ALLOW,
    /** The request is refused; the reason names the rule. */
    DENY,
    /** A human reviewer must approve before the grant becomes usable. */
    REVIEW
}
