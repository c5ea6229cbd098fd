package dev.baton.fleet;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The bytes of one entry of the revocations topic. Big-endian.
 * <pre>
 *   key (12 bytes):   engineId (i32) | grantId (i64)
 *   value (20 bytes): formatVersion (u8) = 1 | reserved (3 bytes, 0) | expiresAt (i64, epoch ms)
 *                     | revokedAt (i64, epoch ms)
 *   a null value is a tombstone: the grant has expired everywhere, compaction may drop the key.
 * </pre>
 * <b>Note:</b> stateless, thread-safe; {@link #key} and {@link #value} allocate the arrays they return.
 */
final class RevocationRecord {
    static final int KEY_LENGTH = 12;
    static final int VALUE_LENGTH = 20;
    static final int FORMAT_VERSION = 1;

    private RevocationRecord() {
    }

    static byte[] key(final int engineId, final long grantId) {
        return ByteBuffer.allocate(KEY_LENGTH).order(ByteOrder.BIG_ENDIAN).putInt(engineId).putLong(grantId).array();
    }

    static byte[] value(final long expiresAt, final long revokedAt) {
        return ByteBuffer.allocate(VALUE_LENGTH).order(ByteOrder.BIG_ENDIAN).put((byte) FORMAT_VERSION)
            .put(new byte[3]).putLong(expiresAt).putLong(revokedAt).array();
    }

    /** @return whether {@code key} is a well-formed key. */
    static boolean isKey(final byte[] key) {
        return key != null && key.length == KEY_LENGTH;
    }

    static int engineId(final byte[] key) {
        return ByteBuffer.wrap(key).getInt(0);
    }

    static long grantId(final byte[] key) {
        return ByteBuffer.wrap(key).getLong(4);
    }

    /**
     * @return the expiry in a well-formed value, or -1 if the value is malformed (wrong length, unknown
     *     version, reserved bytes set, or a negative expiry).
     */
    static long expiresAt(final byte[] value) {
        if (value.length != VALUE_LENGTH || value[0] != FORMAT_VERSION || value[1] != 0 || value[2] != 0 || value[3] != 0) {
            return -1;
        }
        final long expiresAt = ByteBuffer.wrap(value).getLong(4);
        return expiresAt < 0 ? -1 : expiresAt;
    }

    static long revokedAt(final byte[] value) {
        return ByteBuffer.wrap(value).getLong(12);
    }
}
