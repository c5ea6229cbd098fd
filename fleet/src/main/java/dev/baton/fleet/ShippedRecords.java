package dev.baton.fleet;

import dev.baton.codec.JournalRecordLayout;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The journal topic's records: key = the engine id (4 bytes, big-endian), value = one sealed journal
 * record exactly as the engine wrote it (codec {@code JournalRecordLayout}: sequence, previous hash,
 * type, body, record hash), so an auditor verifies the shipped chain with the journal's own rules.
 * <p>
 * <b>Note:</b> stateless, thread-safe; {@link #key} and {@link #recordHash} allocate.
 */
public final class ShippedRecords {
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
     * @param record a sealed record.
     * @return its sequence.
     * @throws IllegalArgumentException if it is shorter than a record.
     */
    public static long sequence(final byte[] record) {
        requireRecord(record);
        return ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN).getLong(JournalRecordLayout.SEQUENCE_OFFSET);
    }

    /** @return the record's own hash (its last 32 bytes). */
    public static byte[] recordHash(final byte[] record) {
        requireRecord(record);
        return Arrays.copyOfRange(record, record.length - JournalRecordLayout.RECORD_HASH_LENGTH, record.length);
    }

    private static void requireRecord(final byte[] record) {
        if (record == null || record.length < JournalRecordLayout.BLOCK_LENGTH + JournalRecordLayout.RECORD_HASH_LENGTH) {
            throw new IllegalArgumentException("not a sealed journal record: "
                + (record == null ? "null" : record.length + " bytes"));
        }
    }
}
