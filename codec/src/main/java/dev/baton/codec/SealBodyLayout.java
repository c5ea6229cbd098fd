package dev.baton.codec;

/**
 * Body of a SEAL journal record: closes a batch of records and links it to the batch before. Written by
 * the engine at the end of every batch (and whenever a batch has grown past a bound), before any
 * request of the batch is completed. Little-endian; no version byte of its own.
 *
 * <pre>
 *   0               1               2               3
 *  +---------------+---------------+-------------------------------+
 *  |     flags     |            reserved (3 bytes, 0)              |  0
 *  +---------------+-----------------------------------------------+
 *  |                     recordCount N (u32)                       |  4
 *  +---------------------------------------------------------------+
 *  |                     head (32 bytes)                           |  8
 *  +---------------------------------------------------------------+
 *  |                     mac (32 bytes)                            | 40
 *  +---------------------------------------------------------------+
 *  head = SHA-256(previous SEAL's head (zeros before the first) || the N records before this one, whole)
 *  mac  = HMAC-SHA256(journal key, sealSequence (u64) || N (u32) || flags (u8) || head)   if KEYED
 *  total = 72 bytes
 * </pre>
 *
 * <p>The head covers every byte of the sealed records, their sequences and CRCs included, so a changed,
 * dropped, inserted or reordered record changes it; without the journal key nobody can compute the
 * {@code mac} of a changed head. A SEAL's own bytes are not in the next head: its fields are each
 * checked (its sequence by position, the head by recomputation, the mac under the key).
 */
public final class SealBodyLayout {
    /** Journal record type of this body. */
    public static final int RECORD_TYPE = 7;
    /** {@code flags} bit: {@code mac} is an HMAC under the journal key (else all zero). */
    public static final int FLAG_KEYED = 1;
    /**
     * {@code flags} bit: the sealed records were never acknowledged (an engine died after appending them,
     * before sealing); the engine that recovered did not apply them, and replay skips them.
     */
    public static final int FLAG_VOID = 2;
    /** {@code flags} bits a writer may set; a reader refuses others. */
    public static final int KNOWN_FLAGS = FLAG_KEYED | FLAG_VOID;

    /** Offset of {@code flags}. */
    public static final int FLAGS_OFFSET = 0;
    /** Bytes of {@code flags}. */
    public static final int FLAGS_LENGTH = 1;
    /** Offset of {@code reserved}. */
    public static final int RESERVED_OFFSET = 1;
    /** Bytes of {@code reserved}. */
    public static final int RESERVED_LENGTH = 3;
    /** Offset of {@code recordCount}. */
    public static final int RECORD_COUNT_OFFSET = 4;
    /** Bytes of {@code recordCount}. */
    public static final int RECORD_COUNT_LENGTH = 4;
    /** Offset of {@code head}. */
    public static final int HEAD_OFFSET = 8;
    /** Bytes of {@code head}. */
    public static final int HEAD_LENGTH = 32;
    /** Offset of {@code mac}. */
    public static final int MAC_OFFSET = 40;
    /** Bytes of {@code mac}. */
    public static final int MAC_LENGTH = 32;

    /** Bytes of the fixed block: the whole body. */
    public static final int BLOCK_LENGTH = 72;
    /** Smallest body. */
    public static final int MIN_LENGTH = BLOCK_LENGTH;
    /** Largest body. */
    public static final int MAX_LENGTH = BLOCK_LENGTH;

    private SealBodyLayout() {
    }
}
