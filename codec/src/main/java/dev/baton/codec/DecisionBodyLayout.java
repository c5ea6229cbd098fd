package dev.baton.codec;

/**
 * Body of a DECISION journal record: what was asked, enough to re-execute it, and what was decided,
 * one {@link DecisionLayout decision} per child (a fan-out has one per delegatee, every other request
 * one). Little-endian; no version byte of its own (the enclosing record's {@code formatVersion}
 * versions it).
 *
 * <pre>
 *   0               1               2               3
 *  +---------------+---------------+-------------------------------+
 *  |   operation   |     flags     |      refusedBefore (u16)      |  0
 *  +---------------+---------------+-------------------------------+
 *  |                     principal (i32)                           |  4
 *  |                     presenter (i32)                           |  8
 *  |                     purpose (i32)                             | 12
 *  |                     rule (i32)                                | 16
 *  |                     capability (i32)                          | 20
 *  |                     dataClass (i32)                           | 24
 *  +---------------+-----------------------------------------------+
 *  |  childCount C |  reserved (3 bytes, 0)                        | 28
 *  +---------------+-----------------------------------------------+
 *  |                     requestId (i64)                           | 32
 *  |                     grantId (i64)                             | 40
 *  |                     ttlMillis (i64)                           | 48
 *  +---------------------------------------------------------------+
 *  |  C x child:                                                   | 56
 *  |    ruleId (i32) | decisionLength L (u16) | L bytes: decision  |
 *  +---------------------------------------------------------------+
 *  total = 56 + sum(6 + L) bytes, at most 65536
 * </pre>
 *
 * The {@code operation} byte has its own codes, in the order the journal has always used (see
 * {@link #operationCode(Operation)}); a request's children carry {@link Operation} codes.
 */
public final class DecisionBodyLayout {
    /** Journal record type of this body. */
    public static final int RECORD_TYPE = JournalRecordLayout.RECORD_TYPE_DECISION;
    /** {@code flags} bit: a review approved (0: denied). */
    public static final int FLAG_APPROVE = 1;
    /** {@code flags} bit: the grant was presented as warrant bytes, not named by id. */
    public static final int FLAG_VIA_WARRANT = 2;
    /** {@code flags} bits a writer may set; a reader refuses others. */
    public static final int KNOWN_FLAGS = FLAG_APPROVE | FLAG_VIA_WARRANT;

    /** Offset of {@code operation}. */
    public static final int OPERATION_OFFSET = 0;
    /** Bytes of {@code operation}. */
    public static final int OPERATION_LENGTH = 1;
    /** Offset of {@code flags}. */
    public static final int FLAGS_OFFSET = 1;
    /** Bytes of {@code flags}. */
    public static final int FLAGS_LENGTH = 1;
    /** Offset of {@code refusedBefore}. */
    public static final int REFUSED_BEFORE_OFFSET = 2;
    /** Bytes of {@code refusedBefore}. */
    public static final int REFUSED_BEFORE_LENGTH = 2;
    /** Offset of {@code principal}. */
    public static final int PRINCIPAL_OFFSET = 4;
    /** Bytes of {@code principal}. */
    public static final int PRINCIPAL_LENGTH = 4;
    /** Offset of {@code presenter}. */
    public static final int PRESENTER_OFFSET = 8;
    /** Bytes of {@code presenter}. */
    public static final int PRESENTER_LENGTH = 4;
    /** Offset of {@code purpose}. */
    public static final int PURPOSE_OFFSET = 12;
    /** Bytes of {@code purpose}. */
    public static final int PURPOSE_LENGTH = 4;
    /** Offset of {@code rule}. */
    public static final int RULE_OFFSET = 16;
    /** Bytes of {@code rule}. */
    public static final int RULE_LENGTH = 4;
    /** Offset of {@code capability}. */
    public static final int CAPABILITY_OFFSET = 20;
    /** Bytes of {@code capability}. */
    public static final int CAPABILITY_LENGTH = 4;
    /** Offset of {@code dataClass}. */
    public static final int DATA_CLASS_OFFSET = 24;
    /** Bytes of {@code dataClass}. */
    public static final int DATA_CLASS_LENGTH = 4;
    /** Offset of {@code childCount}. */
    public static final int CHILD_COUNT_OFFSET = 28;
    /** Bytes of {@code childCount}. */
    public static final int CHILD_COUNT_LENGTH = 1;
    /** Offset of {@code reserved}. */
    public static final int RESERVED_OFFSET = 29;
    /** Bytes of {@code reserved}. */
    public static final int RESERVED_LENGTH = 3;
    /** Offset of {@code requestId}. */
    public static final int REQUEST_ID_OFFSET = 32;
    /** Bytes of {@code requestId}. */
    public static final int REQUEST_ID_LENGTH = 8;
    /** Offset of {@code grantId}. */
    public static final int GRANT_ID_OFFSET = 40;
    /** Bytes of {@code grantId}. */
    public static final int GRANT_ID_LENGTH = 8;
    /** Offset of {@code ttlMillis}. */
    public static final int TTL_MILLIS_OFFSET = 48;
    /** Bytes of {@code ttlMillis}. */
    public static final int TTL_MILLIS_LENGTH = 8;

    /** Bytes of the fixed block, up to the first child. */
    public static final int BLOCK_LENGTH = 56;
    /** Bytes of a child's {@code ruleId}. */
    public static final int RULE_ID_LENGTH = 4;
    /** Bytes of a child's {@code decisionLength}. */
    public static final int DECISION_LENGTH_LENGTH = 2;
    /** Bytes before a child's decision. */
    public static final int CHILD_HEADER_LENGTH = RULE_ID_LENGTH + DECISION_LENGTH_LENGTH;
    /** Most children of one body. */
    public static final int MAX_CHILDREN = 255;
    /** Smallest body: one child with the smallest decision. */
    public static final int MIN_LENGTH = BLOCK_LENGTH + CHILD_HEADER_LENGTH + DecisionLayout.MIN_LENGTH;
    /** Largest body: a journal record's largest body. */
    public static final int MAX_LENGTH = JournalRecordLayout.MAX_BODY_LENGTH;

    /** The operations by their {@code operation} code. */
    private static final Operation[] OPERATIONS = {
        Operation.OPEN, Operation.DELEGATE, Operation.FAN_OUT_CHILD, Operation.AUTHORIZE, Operation.REVOKE,
        Operation.CLOSE, Operation.REVIEW, Operation.BREAK_GLASS, Operation.COMPLETE};

    private DecisionBodyLayout() {
    }

    /**
     * The {@code operation} code of a request: {@code OPEN}=0, {@code DELEGATE}=1, {@code FAN_OUT_CHILD}=2
     * (a fan-out), {@code AUTHORIZE}=3, {@code REVOKE}=4, {@code CLOSE}=5, {@code REVIEW}=6,
     * {@code BREAK_GLASS}=7, {@code COMPLETE}=8.
     *
     * @param operation not {@link Operation#UNKNOWN}.
     * @return its code.
     */
    public static int operationCode(final Operation operation) {
        for (int code = 0; code < OPERATIONS.length; code++) {
            if (OPERATIONS[code] == operation) {
                return code;
            }
        }
        throw new IllegalArgumentException("UNKNOWN is never written");
    }

    /**
     * @param code an {@code operation} code, 0..255.
     * @return the operation, {@link Operation#UNKNOWN} for a code this build does not know.
     */
    public static Operation operation(final int code) {
        return code >= 0 && code < OPERATIONS.length ? OPERATIONS[code] : Operation.UNKNOWN;
    }
}
