package dev.baton;

/**
 * Why a decision came out as it did. Each code has a stable number (it goes on the wire and into the
 * journal) and a short text; the {@link Decision} adds the policy rule and the capability or data class
 * that decided it.
 */
public enum Reason {
    /** Allowed: every check passed. */
    ALLOWED(0, "allowed"),

    // Step 1: the presented grant is authentic, live and held by the presenter.
    UNKNOWN_GRANT(10, "no such grant"),
    NOT_HOLDER(11, "the presenter is not the grant's holder"),
    EXPIRED(12, "the grant has expired"),
    REVOKED(13, "the grant or an ancestor was revoked"),
    PENDING_REVIEW(14, "the grant is waiting for review"),
    NOT_ROOT(15, "the grant is not the root grant of a task"),
    NOT_AUTHORIZED_TO_REVOKE(16, "the actor may not revoke this grant: it holds neither the grant nor an ancestor, "
        + "is not the task's principal and is no administrator"),
    REVOCATION_FEED_STALE(17, "the revocation feed is older than its staleness bound: a portable warrant of another"
        + " engine cannot be checked for revocation now (grants presented by id still decide)"),
    MALFORMED_WARRANT(1, "the warrant bytes are malformed (truncated, bad length, count or value)"),
    WARRANT_CONSTRAINTS_UNREADABLE(19, "the warrant carries argument constraints this policy cannot read (an argument"
        + " it does not declare, a kind for another type, a pattern outside the language's form), or read under"
        + " another layout"),
    UNSUPPORTED_WARRANT(2, "the warrant's format version is newer than this engine reads"),
    BAD_MAC(3, "the warrant's MAC does not verify: it was altered or signed by another key ring"),
    UNKNOWN_KEY(4, "the warrant names a signing key this engine does not hold"),
    KEY_RETIRED(5, "the warrant's signing key was rotated out and its grace window has passed"),
    PROOF_MISSING(6, "the warrant needs its holder's proof of possession and none was presented (or none can be:"
        + " the policy requires proof and the warrant binds no holder key)"),
    PROOF_STALE(7, "the proof of possession is outside its freshness window"),
    PROOF_INVALID(8, "the proof of possession is not the holder key's signature over this warrant and call"),
    PROOF_REPLAYED(9, "the proof of possession was presented before (or the replay guard is full)"),

    // Step 2: identities and delegation edges.
    UNKNOWN_AGENT(20, "the identity matches no agent in the policy"),
    NO_DELEGATION_EDGE(21, "the holder's agent may not delegate to the delegatee's agent"),
    MAX_DEPTH(22, "the chain would exceed the holder's max_depth"),

    // Step 3: attenuation.
    NOT_ATTENUATED(30, "requested scope is wider than the parent grant"),
    NON_TRANSITIVE(31, "requested scope passes on a non-transitive capability or data class"),
    CONSTRAINT_NOT_ATTENUATED(32, "the delegatee's constraint on an argument is wider than the delegator's, or cannot"
        + " be shown to be within it"),

    // Step 4: ceilings.
    AGENT_CEILING(40, "outside the agent's ceiling"),
    PURPOSE_CEILING(41, "outside the purpose's ceiling"),

    // Step 5: trust domains.
    NEVER_LEAVE(50, "a never_leave data class would cross a trust domain"),
    EXTERNAL_LIMIT(51, "outside the external limit of the delegatee's trust domain"),

    // Step 6: review.
    REVIEW_REQUIRED(60, "a review rule applies"),

    // open, authorize, review and break-glass.
    UNKNOWN_PURPOSE(70, "no such purpose"),
    PRINCIPAL_NOT_ALLOWED(71, "the principal may not open a task for this purpose"),
    NOT_ENTRY_AGENT(72, "the agent may not receive a root grant for this purpose"),
    UNKNOWN_CAPABILITY(73, "no such capability"),
    UNKNOWN_DATA_CLASS(74, "no such data class"),
    CAPABILITY_NOT_GRANTED(75, "the grant does not hold this capability"),
    DATA_NOT_GRANTED(76, "the grant does not hold this data class"),
    JUSTIFICATION_REQUIRED(77, "the capability's tier requires a justification"),
    ARGUMENT_CONSTRAINT(78, "an argument of the call is outside a constraint of the policy"),
    ARGUMENT_INVALID(79, "a constrained argument is missing, or not of its declared type"),
    BUDGET_EXCEEDED(85, "the amount or slice asked for is more than the budget's remainder"),
    APPROVAL_RECORDED(86, "the approval is recorded; the review rule needs more distinct approvals"),
    ALREADY_APPROVED(87, "this reviewer has already approved: an approval counts once"),
    REVIEWER_CLASS_NOT_NAMED(88, "the reviewer's class is not one whose approvals the review rule counts"),
    NOT_PENDING(80, "the grant is not waiting for review"),
    NOT_A_REVIEWER(81, "the reviewer may not decide on this review rule"),
    REVIEW_TIMED_OUT(82, "the review was not decided before its timeout"),
    REVIEW_DENIED(83, "a reviewer denied the request"),
    BREAK_GLASS_NOT_ALLOWED(90, "the principal may not break glass"),
    REASON_REQUIRED(91, "break-glass needs a non-blank reason"),

    // Engine limits and request shape.
    CAPACITY(100, "the grant registry is full"),
    SCOPE_LAYOUT_CHANGED(101, "the request was built for a policy that numbers capabilities differently: rebuild it"),
    POLICY_CHANGED(102, "the request was bound to a policy version that a swap replaced before it was decided: bind again");

    private static final Reason[] BY_CODE = new Reason[128];

    static {
        for (final Reason r : values()) {
            if (BY_CODE[r.code] != null) {
                // Codes are journaled: two reasons with one code would replay as each other.
                throw new ExceptionInInitializerError("reasons " + BY_CODE[r.code] + " and " + r + " share code "
                    + r.code);
            }
            BY_CODE[r.code] = r;
        }
    }

    private final int code;
    private final String text;

    Reason(final int code, final String text) {
        this.code = code;
        this.text = text;
    }

    /** @return the stable number written to the wire and the journal. */
    public int code() {
        return code;
    }

    /** @return a short human-readable explanation. */
    public String text() {
        return text;
    }

    /**
     * @param code a stable number.
     * @return the reason, or {@code null} if the number is not known.
     */
    public static Reason fromCode(final int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
