package dev.baton.codec;

/**
 * Wire layout of a decision, format version 1: everything needed to replay or explain one answer.
 * Little-endian. Unknown operation and outcome codes decode to {@code UNKNOWN}.
 *
 * <pre>
 *   0               1               2               3
 *  +---------------+---------------+---------------+---------------+
 *  | formatVersion |   operation   |    outcome    |     depth     |   0
 *  +---------------+---------------+---------------+---------------+
 *  |       reasonCode (u16)        |          flags (u16)          |   4
 *  +-------------------------------+-------------------------------+
 *  |  decisionId (i64)             |  requestId (i64)              |   8, 16
 *  |  timestamp (i64, epoch ms)    |  policyVersion (i64)          |  24, 32
 *  |  grantId (i64, 0 none)        |  parentGrantId (i64, 0 none)  |  40, 48
 *  |  expiresAt (i64, epoch ms)    |  grantedData (i64 bitset)     |  56, 64
 *  |  requestedData (i64 bitset)   |                                  72
 *  +---------------------------------------------------------------+
 *  |  ruleLine (i32)  | decidingCapability (i32, -1 none)          |  80, 84
 *  |  decidingDataClass (i32, -1 none) | holder (i32)              |  88, 92
 *  |  subject (i32, delegatee) | purpose (i32)                     |  96, 100
 *  +---------------------------------------------------------------+
 *  |  inputDigest (32 bytes)                                       | 104
 *  |  outputDigest (32 bytes)                                      | 136
 *  +---------------+-----------------------------------------------+
 *  |  grantedWords G |  G x granted capability word (i64) ...        168
 *  +-----------------+---------------------------------------------+
 *  |  requestedWords R |  R x requested capability word (i64) ...    169 + 8G
 *  +-------------------+---------------+---------------------------+
 *  |  justificationLength J (u16)  |  J bytes UTF-8, at most 1024     170 + 8G + 8R
 *  +-------------------------------+-------------------------------+
 *  total = 172 + 8G + 8R + J bytes
 * </pre>
 */
public final class DecisionLayout {
    /** Format version this build writes and the newest it reads. */
    public static final int FORMAT_VERSION = 1;
    /** Value of an absent capability or data class. */
    public static final int NONE = -1;

    /** Offset of {@code formatVersion}. */
    public static final int FORMAT_VERSION_OFFSET = 0;
    /** Bytes of {@code formatVersion}. */
    public static final int FORMAT_VERSION_LENGTH = 1;
    /** Offset of {@code operation}. */
    public static final int OPERATION_OFFSET = 1;
    /** Bytes of {@code operation}. */
    public static final int OPERATION_LENGTH = 1;
    /** Offset of {@code outcome}. */
    public static final int OUTCOME_OFFSET = 2;
    /** Bytes of {@code outcome}. */
    public static final int OUTCOME_LENGTH = 1;
    /** Offset of {@code depth}. */
    public static final int DEPTH_OFFSET = 3;
    /** Bytes of {@code depth}. */
    public static final int DEPTH_LENGTH = 1;
    /** Offset of {@code reasonCode}. */
    public static final int REASON_CODE_OFFSET = 4;
    /** Bytes of {@code reasonCode}. */
    public static final int REASON_CODE_LENGTH = 2;
    /** Offset of {@code flags}. */
    public static final int FLAGS_OFFSET = 6;
    /** Bytes of {@code flags}. */
    public static final int FLAGS_LENGTH = 2;
    /** Offset of {@code decisionId}. */
    public static final int DECISION_ID_OFFSET = 8;
    /** Bytes of {@code decisionId}. */
    public static final int DECISION_ID_LENGTH = 8;
    /** Offset of {@code requestId}. */
    public static final int REQUEST_ID_OFFSET = 16;
    /** Bytes of {@code requestId}. */
    public static final int REQUEST_ID_LENGTH = 8;
    /** Offset of {@code timestamp}. */
    public static final int TIMESTAMP_OFFSET = 24;
    /** Bytes of {@code timestamp}. */
    public static final int TIMESTAMP_LENGTH = 8;
    /** Offset of {@code policyVersion}. */
    public static final int POLICY_VERSION_OFFSET = 32;
    /** Bytes of {@code policyVersion}. */
    public static final int POLICY_VERSION_LENGTH = 8;
    /** Offset of {@code grantId}. */
    public static final int GRANT_ID_OFFSET = 40;
    /** Bytes of {@code grantId}. */
    public static final int GRANT_ID_LENGTH = 8;
    /** Offset of {@code parentGrantId}. */
    public static final int PARENT_GRANT_ID_OFFSET = 48;
    /** Bytes of {@code parentGrantId}. */
    public static final int PARENT_GRANT_ID_LENGTH = 8;
    /** Offset of {@code expiresAt}. */
    public static final int EXPIRES_AT_OFFSET = 56;
    /** Bytes of {@code expiresAt}. */
    public static final int EXPIRES_AT_LENGTH = 8;
    /** Offset of {@code grantedData}. */
    public static final int GRANTED_DATA_OFFSET = 64;
    /** Bytes of {@code grantedData}. */
    public static final int GRANTED_DATA_LENGTH = 8;
    /** Offset of {@code requestedData}. */
    public static final int REQUESTED_DATA_OFFSET = 72;
    /** Bytes of {@code requestedData}. */
    public static final int REQUESTED_DATA_LENGTH = 8;
    /** Offset of {@code ruleLine}. */
    public static final int RULE_LINE_OFFSET = 80;
    /** Bytes of {@code ruleLine}. */
    public static final int RULE_LINE_LENGTH = 4;
    /** Offset of {@code decidingCapability}. */
    public static final int DECIDING_CAPABILITY_OFFSET = 84;
    /** Bytes of {@code decidingCapability}. */
    public static final int DECIDING_CAPABILITY_LENGTH = 4;
    /** Offset of {@code decidingDataClass}. */
    public static final int DECIDING_DATA_CLASS_OFFSET = 88;
    /** Bytes of {@code decidingDataClass}. */
    public static final int DECIDING_DATA_CLASS_LENGTH = 4;
    /** Offset of {@code holder}. */
    public static final int HOLDER_OFFSET = 92;
    /** Bytes of {@code holder}. */
    public static final int HOLDER_LENGTH = 4;
    /** Offset of {@code subject}. */
    public static final int SUBJECT_OFFSET = 96;
    /** Bytes of {@code subject}. */
    public static final int SUBJECT_LENGTH = 4;
    /** Offset of {@code purpose}. */
    public static final int PURPOSE_OFFSET = 100;
    /** Bytes of {@code purpose}. */
    public static final int PURPOSE_LENGTH = 4;
    /** Offset of {@code inputDigest}. */
    public static final int INPUT_DIGEST_OFFSET = 104;
    /** Bytes of {@code inputDigest}. */
    public static final int INPUT_DIGEST_LENGTH = 32;
    /** Offset of {@code outputDigest}. */
    public static final int OUTPUT_DIGEST_OFFSET = 136;
    /** Bytes of {@code outputDigest}. */
    public static final int OUTPUT_DIGEST_LENGTH = 32;

    /** Bytes of the fixed block, up to the granted word count. */
    public static final int BLOCK_LENGTH = 168;
    /** Bytes of the granted word count. */
    public static final int GRANTED_WORD_COUNT_LENGTH = 1;
    /** Bytes of one granted capability word. */
    public static final int GRANTED_WORD_LENGTH = 8;
    /** Bytes of the requested word count. */
    public static final int REQUESTED_WORD_COUNT_LENGTH = 1;
    /** Bytes of one requested capability word. */
    public static final int REQUESTED_WORD_LENGTH = 8;
    /** Bytes of the justification length prefix. */
    public static final int JUSTIFICATION_LENGTH_LENGTH = 2;
    /** Most bytes of justification. */
    public static final int MAX_JUSTIFICATION_LENGTH = Utf8Text.MAX_LENGTH;
    /** Smallest decision: empty scopes and justification. */
    public static final int MIN_LENGTH =
        BLOCK_LENGTH + GRANTED_WORD_COUNT_LENGTH + REQUESTED_WORD_COUNT_LENGTH + JUSTIFICATION_LENGTH_LENGTH;
    /** Largest decision. */
    public static final int MAX_LENGTH = MIN_LENGTH + ScopeWords.MAX_WORDS * (GRANTED_WORD_LENGTH + REQUESTED_WORD_LENGTH) + MAX_JUSTIFICATION_LENGTH;

    private DecisionLayout() {
    }
}
