package dev.baton.codec;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

import static dev.baton.codec.WarrantLayout.BLOCK_LENGTH;
import static dev.baton.codec.WarrantLayout.CAPABILITY_WORD_COUNT_OFFSET;
import static dev.baton.codec.WarrantLayout.CAPABILITY_WORD_LENGTH;
import static dev.baton.codec.WarrantLayout.DATA_CLASSES_OFFSET;
import static dev.baton.codec.WarrantLayout.DEPTH_OFFSET;
import static dev.baton.codec.WarrantLayout.FLAGS_OFFSET;
import static dev.baton.codec.WarrantLayout.FORMAT_VERSION;
import static dev.baton.codec.WarrantLayout.GRANT_ID_OFFSET;
import static dev.baton.codec.WarrantLayout.HOLDER_OFFSET;
import static dev.baton.codec.WarrantLayout.HOP_LENGTH;
import static dev.baton.codec.WarrantLayout.ISSUED_AT_OFFSET;
import static dev.baton.codec.WarrantLayout.KEY_ID_OFFSET;
import static dev.baton.codec.WarrantLayout.KNOWN_FLAGS;
import static dev.baton.codec.WarrantLayout.MAC_LENGTH;
import static dev.baton.codec.WarrantLayout.MAX_HOPS;
import static dev.baton.codec.WarrantLayout.PARENT_ID_OFFSET;
import static dev.baton.codec.WarrantLayout.POLICY_VERSION_OFFSET;
import static dev.baton.codec.WarrantLayout.PRINCIPAL_OFFSET;
import static dev.baton.codec.WarrantLayout.PURPOSE_OFFSET;
import static dev.baton.codec.WarrantLayout.ROOT_ID_OFFSET;
import static dev.baton.codec.WarrantLayout.TTL_OFFSET;

/**
 * Reads a warrant (layout in {@link WarrantLayout}). {@link #wrap} validates the structure of
 * untrusted bytes (version, lengths, counts, reserved flags, canonical scope, expiry that fits a long) before any getter reads them; it does not
 * check the MAC: use {@link WarrantAuthenticator#verify}, which wraps this decoder for you.
 *
 * <p>Getters are only meaningful after {@code wrap} returned {@link CodecError#OK}.
 *
 * <p><b>Note:</b> not thread-safe; keep one per thread. Allocates nothing.
 */
public final class WarrantDecoder {
    private DirectBuffer buffer;
    private int offset;
    private int length;
    private int hopCountIndex;

    /**
     * Attaches to a warrant and validates its structure.
     *
     * @param buffer holding the warrant.
     * @param offset at which the warrant starts.
     * @param length of the warrant in bytes, MAC included; must be exact.
     * @param detail filled on failure; may be null.
     * @return {@link CodecError#OK} or what was wrong.
     */
    public CodecError wrap(final DirectBuffer buffer, final int offset, final int length, final ErrorDetail detail) {
        this.buffer = null;
        CodecError error = Bounds.checkRegionAndVersion(buffer, offset, length, FORMAT_VERSION, detail);
        if (error != CodecError.OK) {
            return error;
        }
        error = Bounds.checkAvailable(0, BLOCK_LENGTH, length, "warrant block", detail);
        if (error != CodecError.OK) {
            return error;
        }
        final int flags = buffer.getByte(offset + FLAGS_OFFSET) & 0xFF;
        if ((flags & ~KNOWN_FLAGS) != 0) {
            return Bounds.fail(detail, CodecError.BAD_VALUE, "flags", FLAGS_OFFSET, 1, KNOWN_FLAGS, flags);
        }
        final long ttl = buffer.getInt(offset + TTL_OFFSET, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL;
        if (buffer.getLong(offset + ISSUED_AT_OFFSET, ByteOrder.LITTLE_ENDIAN) > Long.MAX_VALUE - ttl) {
            return Bounds.fail(detail, CodecError.BAD_VALUE, "ttl", TTL_OFFSET, 4, length, ttl);
        }
        error = ScopeWords.check(buffer, offset, CAPABILITY_WORD_COUNT_OFFSET, length, "capabilities", detail);
        if (error != CodecError.OK) {
            return error;
        }
        final int hopCountAt = BLOCK_LENGTH + (buffer.getByte(offset + CAPABILITY_WORD_COUNT_OFFSET) & 0xFF) * CAPABILITY_WORD_LENGTH;
        error = Bounds.checkAvailable(hopCountAt, 1, length, "hopCount", detail);
        if (error != CodecError.OK) {
            return error;
        }
        final int hops = buffer.getByte(offset + hopCountAt) & 0xFF;
        if (hops > MAX_HOPS) {
            return Bounds.fail(detail, CodecError.BAD_COUNT, "hopCount", hopCountAt, hops, MAX_HOPS, hops);
        }
        error = Bounds.checkExactLength(hopCountAt + 1 + hops * HOP_LENGTH + MAC_LENGTH, length, "warrant", detail);
        if (error != CodecError.OK) {
            return error;
        }
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.hopCountIndex = offset + hopCountAt;
        return CodecError.OK;
    }

    /** @return buffer of the wrapped warrant. */
    public DirectBuffer buffer() {
        return buffer;
    }

    /** @return offset of the wrapped warrant in its buffer. */
    public int offset() {
        return offset;
    }

    /** @return length of the wrapped warrant, MAC included. */
    public int encodedLength() {
        return length;
    }

    /** @return bytes covered by the MAC. */
    public int unsignedLength() {
        return length - MAC_LENGTH;
    }

    /** @return format version. */
    public int formatVersion() {
        return buffer.getByte(offset) & 0xFF;
    }

    /** @return {@code WarrantLayout.FLAG_*} bits. */
    public int flags() {
        return buffer.getByte(offset + FLAGS_OFFSET) & 0xFF;
    }

    /** @return id of the key that signed the warrant, 0..65535. */
    public int keyId() {
        return buffer.getShort(offset + KEY_ID_OFFSET, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
    }

    /** @return interned id of the initiating principal. */
    public int principal() {
        return buffer.getInt(offset + PRINCIPAL_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /** @return grant id. */
    public long grantId() {
        return buffer.getLong(offset + GRANT_ID_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /** @return parent grant id, 0 for a root grant. */
    public long parentId() {
        return buffer.getLong(offset + PARENT_ID_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /** @return root grant id. */
    public long rootId() {
        return buffer.getLong(offset + ROOT_ID_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /** @return holder identity. */
    public int holder() {
        return buffer.getInt(offset + HOLDER_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /** @return purpose id. */
    public int purpose() {
        return buffer.getInt(offset + PURPOSE_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /** @return delegation depth. */
    public int depth() {
        return buffer.getByte(offset + DEPTH_OFFSET) & 0xFF;
    }

    /** @return issue time, epoch millis. */
    public long issuedAt() {
        return buffer.getLong(offset + ISSUED_AT_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /** @return time to live in millis. */
    public long ttlMillis() {
        return buffer.getInt(offset + TTL_OFFSET, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL;
    }

    /** @return expiry, epoch millis: issuedAt + ttl. The codec does not check it; the engine does. */
    public long expiresAt() {
        return issuedAt() + ttlMillis();
    }

    /** @return policy version the grant was decided under. */
    public long policyVersion() {
        return buffer.getLong(offset + POLICY_VERSION_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /** @return data-class bitset. */
    public long dataClasses() {
        return buffer.getLong(offset + DATA_CLASSES_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /** @return capability words carried (trailing zero words are not carried). */
    public int capabilityWordCount() {
        return ScopeWords.count(buffer, offset + CAPABILITY_WORD_COUNT_OFFSET);
    }

    /**
     * @param index of the word, 0 or more.
     * @return the word, 0 past the last word carried.
     */
    public long capabilityWord(final int index) {
        return ScopeWords.word(buffer, offset + CAPABILITY_WORD_COUNT_OFFSET, index);
    }

    /**
     * Copies the capability words into {@code dst} and zero-fills the rest of it.
     *
     * @param dst at least {@link #capabilityWordCount()} long; 64 always suffices.
     * @return words copied.
     */
    public int getCapabilities(final long[] dst) {
        return ScopeWords.copy(buffer, offset + CAPABILITY_WORD_COUNT_OFFSET, dst);
    }

    /** @return hops carried, 0..8. */
    public int hopCount() {
        return buffer.getByte(hopCountIndex) & 0xFF;
    }

    /**
     * @param index of the hop, root side first.
     * @return identity of that hop.
     */
    public int hopIdentity(final int index) {
        Bounds.checkIndex(index, hopCount());
        return buffer.getInt(hopCountIndex + 1 + index * HOP_LENGTH, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * @param index of the hop, root side first.
     * @return purpose of that hop.
     */
    public int hopPurpose(final int index) {
        Bounds.checkIndex(index, hopCount());
        return buffer.getInt(hopCountIndex + 1 + index * HOP_LENGTH + 4, ByteOrder.LITTLE_ENDIAN);
    }
}
