package dev.baton.fleet;

import dev.baton.codec.JournalRecordLayout;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The journal topic's records: key = the engine id (4 bytes, big-endian), value = one journal record
 * exactly as the engine wrote it (codec {@code JournalRecordLayout}, format 2: header with sequence and
 * type, body, CRC32C), SEAL records included, so an auditor verifies the shipped journal by the
 * journal's own rules (CRCs, sequences, the SEAL chain). An engine with a checkpoint anchor ships its
 * signed checkpoints to the same partition under {@link #checkpointKey}, each after the SEAL it attests.
 * <p>
 * <b>Note:</b> stateless, thread-safe; {@link #key} allocates.
 */
public final class ShippedRecords {
    private static final byte CHECKPOINT = 'C';
    private ShippedRecords() {
    }

    /** @return the key of an engine's records. */
    public static byte[] key(final int engineId) {
        return ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN).putInt(engineId).array();
    }

    /** @return whether {@code key} names {@code engineId}. */
    public static boolean isEngine(final byte[] key, final int engineId) {
        return key != null && key.length == 4 && ByteBuffer.wrap(key).getInt() == engineId;
    }

    /**
     * @return the key of an engine's signed checkpoints (its anchor's entries, 112 bytes each), shipped to
     *     the same partition as its records: the engine id and the byte {@code 'C'}.
     */
    public static byte[] checkpointKey(final int engineId) {
        return ByteBuffer.allocate(5).order(ByteOrder.BIG_ENDIAN).putInt(engineId).put(CHECKPOINT).array();
    }

    /** @return whether {@code key} names {@code engineId}'s checkpoints. */
    public static boolean isCheckpoint(final byte[] key, final int engineId) {
        return key != null && key.length == 5 && key[4] == CHECKPOINT && ByteBuffer.wrap(key).getInt() == engineId;
    }

    /**
     * @param record a journal record.
     * @return its sequence.
     * @throws IllegalArgumentException if it is shorter than a record.
     */
    public static long sequence(final byte[] record) {
        requireRecord(record);
        return ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN).getLong(JournalRecordLayout.SEQUENCE_OFFSET);
    }

    /**
     * @param record a journal record.
     * @return its record type.
     * @throws IllegalArgumentException if it is shorter than a record.
     */
    public static int type(final byte[] record) {
        requireRecord(record);
        return ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN).getShort(JournalRecordLayout.RECORD_TYPE_OFFSET)
            & 0xFFFF;
    }

    private static void requireRecord(final byte[] record) {
        if (record == null || record.length < JournalRecordLayout.MIN_LENGTH) {
            throw new IllegalArgumentException("not a journal record: "
                + (record == null ? "null" : record.length + " bytes"));
        }
    }
}
