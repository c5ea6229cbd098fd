package dev.baton.codec;

/**
 * Body of a SHADOW_DECISION journal record: one decision on which the attached candidate policy
 * disagreed with the live one (another outcome or another reason). It follows the DECISION record of its
 * request, which holds the request itself; {@code decisionId} and {@code child} name the decision there.
 * Rules are rule ids of their own policy: {@code liveRule} of the policy the DECISION record names,
 * {@code shadowRule} of the candidate. Little-endian; no version byte.
 *
 * <pre>
 *   0               1               2               3
 *  +---------------+---------------+---------------+---------------+
 *  |                decisionId (i64)                               |  0
 *  +---------------------------------------------------------------+
 *  |                requestId (i64)                                |  8
 *  +---------------------------------------------------------------+
 *  |                candidateVersion (i64)                         | 16
 *  +---------------------------------------------------------------+
 *  |                liveGrantId (i64)                              | 24
 *  +---------------------------------------------------------------+
 *  |                shadowGrantId (i64)                            | 32
 *  +---------------------------------------------------------------+
 *  |                liveRule (i32)                                 | 40
 *  +---------------------------------------------------------------+
 *  |                shadowRule (i32)                               | 44
 *  +-------------------------------+-------------------------------+
 *  |       liveReason (u16)        |      shadowReason (u16)       | 48
 *  +-------------------------------+---------------+---------------+
 *  |          child (u16)          | operation(u8) | liveOutcome   | 52
 *  +---------------+---------------+---------------+---------------+
 *  | shadowOutcome |            reserved (7 bytes, zero)           | 56
 *  +---------------+-----------------------------------------------+
 *  total = 64 bytes
 * </pre>
 * Outcomes are {@link DecisionOutcome} codes, the operation an {@link Operation} code, reasons the
 * reason codes of DECISION records; a rule of -1 means none decided. A grant id is the grant the
 * decision created or used, or 0.
 */
public final class ShadowDecisionBodyLayout {
    /** Journal record type of this body. */
    public static final int RECORD_TYPE = 17;

    /** Offset of {@code decisionId}. */
    public static final int DECISION_ID_OFFSET = 0;
    /** Bytes of {@code decisionId}. */
    public static final int DECISION_ID_LENGTH = 8;
    /** Offset of {@code requestId}. */
    public static final int REQUEST_ID_OFFSET = 8;
    /** Bytes of {@code requestId}. */
    public static final int REQUEST_ID_LENGTH = 8;
    /** Offset of {@code candidateVersion}. */
    public static final int CANDIDATE_VERSION_OFFSET = 16;
    /** Bytes of {@code candidateVersion}. */
    public static final int CANDIDATE_VERSION_LENGTH = 8;
    /** Offset of {@code liveGrantId}. */
    public static final int LIVE_GRANT_ID_OFFSET = 24;
    /** Bytes of {@code liveGrantId}. */
    public static final int LIVE_GRANT_ID_LENGTH = 8;
    /** Offset of {@code shadowGrantId}. */
    public static final int SHADOW_GRANT_ID_OFFSET = 32;
    /** Bytes of {@code shadowGrantId}. */
    public static final int SHADOW_GRANT_ID_LENGTH = 8;
    /** Offset of {@code liveRule}. */
    public static final int LIVE_RULE_OFFSET = 40;
    /** Bytes of {@code liveRule}. */
    public static final int LIVE_RULE_LENGTH = 4;
    /** Offset of {@code shadowRule}. */
    public static final int SHADOW_RULE_OFFSET = 44;
    /** Bytes of {@code shadowRule}. */
    public static final int SHADOW_RULE_LENGTH = 4;
    /** Offset of {@code liveReason}. */
    public static final int LIVE_REASON_OFFSET = 48;
    /** Bytes of {@code liveReason}. */
    public static final int LIVE_REASON_LENGTH = 2;
    /** Offset of {@code shadowReason}. */
    public static final int SHADOW_REASON_OFFSET = 50;
    /** Bytes of {@code shadowReason}. */
    public static final int SHADOW_REASON_LENGTH = 2;
    /** Offset of {@code child}. */
    public static final int CHILD_OFFSET = 52;
    /** Bytes of {@code child}. */
    public static final int CHILD_LENGTH = 2;
    /** Offset of {@code operation}. */
    public static final int OPERATION_OFFSET = 54;
    /** Bytes of {@code operation}. */
    public static final int OPERATION_LENGTH = 1;
    /** Offset of {@code liveOutcome}. */
    public static final int LIVE_OUTCOME_OFFSET = 55;
    /** Bytes of {@code liveOutcome}. */
    public static final int LIVE_OUTCOME_LENGTH = 1;
    /** Offset of {@code shadowOutcome}. */
    public static final int SHADOW_OUTCOME_OFFSET = 56;
    /** Bytes of {@code shadowOutcome}. */
    public static final int SHADOW_OUTCOME_LENGTH = 1;
    /** Offset of {@code reserved}: zero. */
    public static final int RESERVED_OFFSET = 57;
    /** Bytes of {@code reserved}. */
    public static final int RESERVED_LENGTH = 7;

    /** Bytes of the fixed block: the whole body. */
    public static final int BLOCK_LENGTH = 64;
    /** Smallest body. */
    public static final int MIN_LENGTH = BLOCK_LENGTH;
    /** Largest body. */
    public static final int MAX_LENGTH = BLOCK_LENGTH;

    private ShadowDecisionBodyLayout() {
    }
}
