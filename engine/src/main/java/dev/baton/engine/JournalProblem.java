package dev.baton.engine;

/**
 * What a journal reader found wrong, by kind; {@link JournalReader#broken()} says where, in words.
 * <p>
 * <b>Note:</b> an enum; thread-safe.
 */
public enum JournalProblem {
    /** A record or SEAL is not well formed, or a batch grew past any the engine writes without a SEAL. */
    MALFORMED,
    /** A record's CRC does not match its bytes: it was changed after it was written (by accident, or by hand). */
    ALTERED,
    /** Records are missing: a sequence was skipped. */
    DROPPED,
    /** A sequence came again, or out of order: records were reordered or duplicated. */
    REORDERED,
    /**
     * The records sealed do not hash to a SEAL's head, or the chain does not reach a signed checkpoint's
     * head: records were changed (and their CRCs recomputed), dropped or reordered, and the heads recomputed.
     */
    REWRITTEN,
    /** A SEAL's mac does not verify under the journal key, or it has none: forged without the key. */
    FORGED,
    /** The journal ends before a SEAL a signed checkpoint attests: its tail was cut. */
    CUT_BEFORE_CHECKPOINT,
    /** The checkpoint anchor does not verify under the public key (altered, reordered, another key). */
    BAD_CHECKPOINT,
    /** The journal's files are damaged in a way the file scan finds ({@link JournalScan#damage()}). */
    DAMAGED,
    /**
     * The journal does not hold, where a snapshot says, the SEAL the snapshot was taken at (another or a
     * rewound journal, or a file missing): the snapshot cannot be continued from.
     */
    NOT_AT_SNAPSHOT,
    /**
     * The head of the journal is gone (archived) and nothing in what remains can be trusted to start from:
     * no SEAL a signed checkpoint attests, nor (with the journal key) one whose mac verifies.
     */
    UNANCHORED
}
