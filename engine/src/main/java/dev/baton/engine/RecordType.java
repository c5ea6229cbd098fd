package dev.baton.engine;

/**
 * Journal record types (the codec's {@code recordType}). Every record is hash-linked to the one before.
 *
 * <pre>
 *   1 DECISION  a request and its decisions ({@link DecisionRecord})
 *   2 POLICY    a policy version's full text, in one or more chunks: i64 versionId, u16 chunk,
 *               u16 chunks, u16 file name length + UTF-8, u32 chunk length + UTF-8 ({@link RecordBodies})
 *   3 IDENTITY  an identity interned, in ring order: i32 id, u16 length + UTF-8
 *   4 SWAP      the engine switched to a policy version: i64 versionId
 *   5 START     the engine started: i64 epoch millis, i64 records recovered, i64 retention millis,
 *               i32 max grants, i32 initial grants, i32 reserved (a journal keeps its first START's
 *               registry settings: replay and restarts use them)
 *   6 STOP      the engine stopped cleanly: i64 epoch millis
 * </pre>
 */
public final class RecordType {
    /** A request and its decisions. */
    public static final int DECISION = 1;
    /** A policy version's text. */
    public static final int POLICY = 2;
    /** An identity interned. */
    public static final int IDENTITY = 3;
    /** A policy swap. */
    public static final int SWAP = 4;
    /** Engine start. */
    public static final int START = 5;
    /** Engine stop. */
    public static final int STOP = 6;

    private RecordType() {
    }

    /** @return the type's name, for reports. */
    public static String name(final int type) {
        switch (type) {
            case DECISION: return "DECISION";
            case POLICY: return "POLICY";
            case IDENTITY: return "IDENTITY";
            case SWAP: return "SWAP";
            case START: return "START";
            case STOP: return "STOP";
            default: return "UNKNOWN(" + type + ")";
        }
    }
}
