package dev.baton.codec;

/**
 * Wire layout of a compact decision: a {@link DecisionLayout decision} as the journal stores it in a DECISION
 * body marked {@link JournalRecordLayout#FLAG_COMPACT}, without the fields the body already holds and with
 * the sections a request often lacks left out. {@link CompactDecisionBodies#expand} gives the decision back
 * byte for byte: {@code formatVersion} 1, {@code operation} from the body's, {@code requestId}, {@code holder}
 * (the body's {@code presenter}) and {@code purpose} from the body, zero data bitsets, no capability words and
 * zero digests for an absent section. Little-endian.
 *
 * <pre>
 *   0               1               2               3
 *  +---------------+---------------+-------------------------------+
 *  |    outcome    |     depth     |       reasonCode (u16)        |   0
 *  +---------------+---------------+---------------+---------------+
 *  |          flags (u16)          |   sections    |   reserved    |   4
 *  +-------------------------------+---------------+---------------+
 *  |  decisionId (i64)             |  timestamp (i64, epoch ms)    |   8, 16
 *  |  policyVersion (i64)          |  grantId (i64, 0 none)        |  24, 32
 *  |  parentGrantId (i64, 0 none)  |  expiresAt (i64, epoch ms)    |  40, 48
 *  |  ruleLine (i32)               |  decidingCapability (i32)     |  56, 60
 *  |  decidingDataClass (i32)      |  subject (i32)                |  64, 68
 *  +---------------------------------------------------------------+
 *  |  sections bit 0 SCOPE: grantedData (i64), requestedData (i64),   72
 *  |      grantedWords G, G words (i64), requestedWords R, R words (i64)
 *  |  sections bit 1 INPUT_DIGEST: 32 bytes
 *  |  sections bit 2 OUTPUT_DIGEST: 32 bytes
 *  |  justificationLength J (u16), J bytes UTF-8, at most 1024
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * A section is present only when it holds something (a scope with a data bit or a word, a digest with a
 * non-zero byte), so each decision has one compact form; a reader refuses an empty section.
 */
public final class CompactDecisionLayout {
    /** Offset of {@code outcome}. */
    public static final int OUTCOME_OFFSET = 0;
    /** Bytes of {@code outcome}. */
    public static final int OUTCOME_LENGTH = 1;
    /** Offset of {@code depth}. */
    public static final int DEPTH_OFFSET = 1;
    /** Bytes of {@code depth}. */
    public static final int DEPTH_LENGTH = 1;
    /** Offset of {@code reasonCode}. */
    public static final int REASON_CODE_OFFSET = 2;
    /** Bytes of {@code reasonCode}. */
    public static final int REASON_CODE_LENGTH = 2;
    /** Offset of {@code flags}. */
    public static final int FLAGS_OFFSET = 4;
    /** Bytes of {@code flags}. */
    public static final int FLAGS_LENGTH = 2;
    /** Offset of {@code sections}. */
    public static final int SECTIONS_OFFSET = 6;
    /** Bytes of {@code sections}. */
    public static final int SECTIONS_LENGTH = 1;
    /** Offset of {@code reserved}. */
    public static final int RESERVED_OFFSET = 7;
    /** Bytes of {@code reserved}. */
    public static final int RESERVED_LENGTH = 1;
    /** Offset of {@code decisionId}. */
    public static final int DECISION_ID_OFFSET = 8;
    /** Bytes of {@code decisionId}. */
    public static final int DECISION_ID_LENGTH = 8;
    /** Offset of {@code timestamp}. */
    public static final int TIMESTAMP_OFFSET = 16;
    /** Bytes of {@code timestamp}. */
    public static final int TIMESTAMP_LENGTH = 8;
    /** Offset of {@code policyVersion}. */
    public static final int POLICY_VERSION_OFFSET = 24;
    /** Bytes of {@code policyVersion}. */
    public static final int POLICY_VERSION_LENGTH = 8;
    /** Offset of {@code grantId}. */
    public static final int GRANT_ID_OFFSET = 32;
    /** Bytes of {@code grantId}. */
    public static final int GRANT_ID_LENGTH = 8;
    /** Offset of {@code parentGrantId}. */
    public static final int PARENT_GRANT_ID_OFFSET = 40;
    /** Bytes of {@code parentGrantId}. */
    public static final int PARENT_GRANT_ID_LENGTH = 8;
    /** Offset of {@code expiresAt}. */
    public static final int EXPIRES_AT_OFFSET = 48;
    /** Bytes of {@code expiresAt}. */
    public static final int EXPIRES_AT_LENGTH = 8;
    /** Offset of {@code ruleLine}. */
    public static final int RULE_LINE_OFFSET = 56;
    /** Bytes of {@code ruleLine}. */
    public static final int RULE_LINE_LENGTH = 4;
    /** Offset of {@code decidingCapability}. */
    public static final int DECIDING_CAPABILITY_OFFSET = 60;
    /** Bytes of {@code decidingCapability}. */
    public static final int DECIDING_CAPABILITY_LENGTH = 4;
    /** Offset of {@code decidingDataClass}. */
    public static final int DECIDING_DATA_CLASS_OFFSET = 64;
    /** Bytes of {@code decidingDataClass}. */
    public static final int DECIDING_DATA_CLASS_LENGTH = 4;
    /** Offset of {@code subject}. */
    public static final int SUBJECT_OFFSET = 68;
    /** Bytes of {@code subject}. */
    public static final int SUBJECT_LENGTH = 4;
    /** Bytes of the fixed block. */
    public static final int BLOCK_LENGTH = 72;

    /** {@code sections} bit: the scope section (data bitsets and capability words) follows the block. */
    public static final int SECTION_SCOPE = 1;
    /** {@code sections} bit: the input digest follows (after the scope section, if any). */
    public static final int SECTION_INPUT_DIGEST = 2;
    /** {@code sections} bit: the output digest follows (after the input digest, if any). */
    public static final int SECTION_OUTPUT_DIGEST = 4;
    /** {@code sections} bits a writer may set; a reader refuses others. */
    public static final int KNOWN_SECTIONS = SECTION_SCOPE | SECTION_INPUT_DIGEST | SECTION_OUTPUT_DIGEST;

    /** Bytes of the scope section's granted data bitset. */
    public static final int GRANTED_DATA_LENGTH = 8;
    /** Bytes of the scope section's requested data bitset. */
    public static final int REQUESTED_DATA_LENGTH = 8;
    /** Bytes of the granted word count. */
    public static final int GRANTED_WORD_COUNT_LENGTH = 1;
    /** Bytes of one granted capability word. */
    public static final int GRANTED_WORD_LENGTH = 8;
    /** Bytes of the requested word count. */
    public static final int REQUESTED_WORD_COUNT_LENGTH = 1;
    /** Bytes of one requested capability word. */
    public static final int REQUESTED_WORD_LENGTH = 8;
    /** Bytes of the input digest section. */
    public static final int INPUT_DIGEST_LENGTH = 32;
    /** Bytes of the output digest section. */
    public static final int OUTPUT_DIGEST_LENGTH = 32;
    /** Bytes of the justification length prefix. */
    public static final int JUSTIFICATION_LENGTH_LENGTH = 2;
    /** Most bytes of justification. */
    public static final int MAX_JUSTIFICATION_LENGTH = DecisionLayout.MAX_JUSTIFICATION_LENGTH;
    /** Smallest compact decision: no section, no justification. */
    public static final int MIN_LENGTH = BLOCK_LENGTH + JUSTIFICATION_LENGTH_LENGTH;
    /** Largest compact decision: every section, the widest scopes and the longest justification. */
    public static final int MAX_LENGTH = MIN_LENGTH + GRANTED_DATA_LENGTH + REQUESTED_DATA_LENGTH
        + GRANTED_WORD_COUNT_LENGTH + REQUESTED_WORD_COUNT_LENGTH
        + ScopeWords.MAX_WORDS * (GRANTED_WORD_LENGTH + REQUESTED_WORD_LENGTH)
        + INPUT_DIGEST_LENGTH + OUTPUT_DIGEST_LENGTH + MAX_JUSTIFICATION_LENGTH;

    private CompactDecisionLayout() {
    }
}
