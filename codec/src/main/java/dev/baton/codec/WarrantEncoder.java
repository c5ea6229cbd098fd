package dev.baton.codec;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

import static dev.baton.codec.WarrantLayout.BLOCK_LENGTH;
import static dev.baton.codec.WarrantLayout.CAPABILITY_WORD_COUNT_OFFSET;
import static dev.baton.codec.WarrantLayout.DATA_CLASSES_OFFSET;
import static dev.baton.codec.WarrantLayout.DEPTH_OFFSET;
import static dev.baton.codec.WarrantLayout.FLAGS_OFFSET;
import static dev.baton.codec.WarrantLayout.FLAG_CHAIN_TRUNCATED;
import static dev.baton.codec.WarrantLayout.FORMAT_VERSION;
import static dev.baton.codec.WarrantLayout.FORMAT_VERSION_OFFSET;
import static dev.baton.codec.WarrantLayout.GRANT_ID_OFFSET;
import static dev.baton.codec.WarrantLayout.HOLDER_OFFSET;
import static dev.baton.codec.WarrantLayout.HOP_LENGTH;
import static dev.baton.codec.WarrantLayout.ISSUED_AT_OFFSET;
import static dev.baton.codec.WarrantLayout.KNOWN_FLAGS;
import static dev.baton.codec.WarrantLayout.MAC_LENGTH;
import static dev.baton.codec.WarrantLayout.MAX_HOPS;
import static dev.baton.codec.WarrantLayout.MAX_TTL_MILLIS;
import static dev.baton.codec.WarrantLayout.PARENT_ID_OFFSET;
import static dev.baton.codec.WarrantLayout.POLICY_VERSION_OFFSET;
import static dev.baton.codec.WarrantLayout.PRINCIPAL_OFFSET;
import static dev.baton.codec.WarrantLayout.PURPOSE_OFFSET;
import static dev.baton.codec.WarrantLayout.ROOT_ID_OFFSET;
import static dev.baton.codec.WarrantLayout.TTL_OFFSET;

/**
 * Writes an unsigned warrant (layout in {@link WarrantLayout}); {@link WarrantAuthenticator#sign}
 * then writes the key id and the MAC.
 *
 * <p>Usage: {@code wrap}, the fixed fields in any order, then {@link #capabilities} and {@link #chain}
 * in that order (either may be skipped: it is written empty), then sign. The destination needs
 * {@link WarrantLayout#MAX_LENGTH} bytes for any warrant.
 *
 * <p><b>Note:</b> not thread-safe; keep one per thread. Allocates nothing after construction.
 */
public final class WarrantEncoder {
    private static final int STAGE_CAPABILITIES = 0;
    private static final int STAGE_CHAIN = 1;
    private static final int STAGE_DONE = 2;

    private MutableDirectBuffer buffer;
    private int offset;
    private int limit;
    private int stage;

    /**
     * Attaches to a buffer and writes the format version; clears flags.
     *
     * @param buffer to which the encoder is attached.
     * @param offset at which the warrant starts.
     * @return this for chaining.
     */
    public WarrantEncoder wrap(final MutableDirectBuffer buffer, final int offset) {
        Bounds.requireCapacity(buffer, offset, BLOCK_LENGTH);
        this.buffer = buffer;
        this.offset = offset;
        this.limit = offset + BLOCK_LENGTH;
        this.stage = STAGE_CAPABILITIES;
        buffer.putByte(offset + FORMAT_VERSION_OFFSET, (byte)FORMAT_VERSION);
        buffer.putByte(offset + FLAGS_OFFSET, (byte)0);
        buffer.putShort(offset + WarrantLayout.KEY_ID_OFFSET, (short)0, ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param flags {@code WarrantLayout.FLAG_*} bits; {@link WarrantLayout#FLAG_CHAIN_TRUNCATED} is
     *              ignored here: {@link #chain} sets it exactly when it drops hops.
     * @return this for chaining.
     */
    public WarrantEncoder flags(final int flags) {
        if ((flags & ~KNOWN_FLAGS) != 0) {
            throw new IllegalArgumentException("unknown warrant flags: 0x" + Integer.toHexString(flags));
        }
        final int truncated = buffer.getByte(offset + FLAGS_OFFSET) & FLAG_CHAIN_TRUNCATED;
        buffer.putByte(offset + FLAGS_OFFSET, (byte)((flags & ~FLAG_CHAIN_TRUNCATED) | truncated));
        return this;
    }

    /**
     * @param principal interned id of the initiating principal.
     * @return this for chaining.
     */
    public WarrantEncoder principal(final int principal) {
        buffer.putInt(offset + PRINCIPAL_OFFSET, principal, ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param grantId id of the grant this warrant encodes.
     * @return this for chaining.
     */
    public WarrantEncoder grantId(final long grantId) {
        buffer.putLong(offset + GRANT_ID_OFFSET, grantId, ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param parentId id of the parent grant, 0 for a root grant.
     * @return this for chaining.
     */
    public WarrantEncoder parentId(final long parentId) {
        buffer.putLong(offset + PARENT_ID_OFFSET, parentId, ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param rootId id of the root grant of the task.
     * @return this for chaining.
     */
    public WarrantEncoder rootId(final long rootId) {
        buffer.putLong(offset + ROOT_ID_OFFSET, rootId, ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param holder interned identity that may present the warrant.
     * @return this for chaining.
     */
    public WarrantEncoder holder(final int holder) {
        buffer.putInt(offset + HOLDER_OFFSET, holder, ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param purpose interned purpose id.
     * @return this for chaining.
     */
    public WarrantEncoder purpose(final int purpose) {
        buffer.putInt(offset + PURPOSE_OFFSET, purpose, ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param depth delegations from the root grant, 0..255.
     * @return this for chaining.
     */
    public WarrantEncoder depth(final int depth) {
        if (depth < 0 || depth > 0xFF) {
            throw new IllegalArgumentException("depth=" + depth + " bound=255");
        }
        buffer.putByte(offset + DEPTH_OFFSET, (byte)depth);
        return this;
    }

    /**
     * Issue time and expiry; stored as issuedAt and a u32 ttl.
     *
     * @param issuedAtMillis  epoch millis the grant was issued.
     * @param expiresAtMillis epoch millis it expires; at most {@link WarrantLayout#MAX_TTL_MILLIS} later.
     * @return this for chaining.
     */
    public WarrantEncoder validity(final long issuedAtMillis, final long expiresAtMillis) {
        final long ttl = expiresAtMillis - issuedAtMillis;
        if (expiresAtMillis < issuedAtMillis || ttl < 0 || ttl > MAX_TTL_MILLIS) {
            throw new IllegalArgumentException(
                "ttl=" + ttl + " (issuedAt=" + issuedAtMillis + " expiresAt=" + expiresAtMillis + ") bound=" + MAX_TTL_MILLIS);
        }
        buffer.putLong(offset + ISSUED_AT_OFFSET, issuedAtMillis, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(offset + TTL_OFFSET, (int)ttl, ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param policyVersion 64-bit truncation of the policy content hash.
     * @return this for chaining.
     */
    public WarrantEncoder policyVersion(final long policyVersion) {
        buffer.putLong(offset + POLICY_VERSION_OFFSET, policyVersion, ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param dataClasses data-class bitset.
     * @return this for chaining.
     */
    public WarrantEncoder dataClasses(final long dataClasses) {
        buffer.putLong(offset + DATA_CLASSES_OFFSET, dataClasses, ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    /**
     * Capability bitset; trailing zero words are trimmed. Call before {@link #chain}.
     *
     * @param words     bitset words, capability {@code i} is bit {@code i % 64} of word {@code i / 64}.
     * @param wordCount words to take from {@code words}; at most 64 after trimming.
     * @return this for chaining.
     */
    public WarrantEncoder capabilities(final long[] words, final int wordCount) {
        advanceTo(STAGE_CAPABILITIES);
        final int trimmed = ScopeWords.trimmedCount(words, wordCount);
        limit += ScopeWords.put(buffer, offset + CAPABILITY_WORD_COUNT_OFFSET, words, trimmed) - 1;
        stage = STAGE_CHAIN;
        return this;
    }

    /**
     * Chain summary: the holders of the grants from the root down to this one, each with its purpose.
     * When {@code count > MAX_HOPS} only the last {@code MAX_HOPS} are written and
     * {@link WarrantLayout#FLAG_CHAIN_TRUNCATED} is set.
     *
     * @param identities hop identities, root first.
     * @param purposes   hop purposes, same order.
     * @param count      hops in the chain.
     * @return this for chaining.
     */
    public WarrantEncoder chain(final int[] identities, final int[] purposes, final int count) {
        if (count < 0 || count > identities.length || count > purposes.length) {
            throw new IllegalArgumentException(
                "hop count=" + count + " identities=" + identities.length + " purposes=" + purposes.length);
        }
        advanceTo(STAGE_CHAIN);
        final int first = Math.max(0, count - MAX_HOPS);
        final int hops = count - first;
        Bounds.requireCapacity(buffer, limit, 1 + hops * HOP_LENGTH);
        buffer.putByte(limit, (byte)hops);
        for (int i = 0; i < hops; i++) {
            final int at = limit + 1 + i * HOP_LENGTH;
            buffer.putInt(at, identities[first + i], ByteOrder.LITTLE_ENDIAN);
            buffer.putInt(at + 4, purposes[first + i], ByteOrder.LITTLE_ENDIAN);
        }
        final int flags = buffer.getByte(offset + FLAGS_OFFSET) & 0xFF;
        buffer.putByte(offset + FLAGS_OFFSET, (byte)(first > 0 ? flags | FLAG_CHAIN_TRUNCATED : flags & ~FLAG_CHAIN_TRUNCATED));
        limit += 1 + hops * HOP_LENGTH;
        stage = STAGE_DONE;
        return this;
    }

    /**
     * Completes the variable part (writing skipped fields empty) and returns the bytes written so far,
     * i.e. everything the MAC covers.
     *
     * @return unsigned length; the signed warrant is {@link WarrantLayout#MAC_LENGTH} bytes longer.
     */
    public int unsignedLength() {
        advanceTo(STAGE_DONE);
        return limit - offset;
    }

    /** @return length of the warrant once signed. */
    public int signedLength() {
        return unsignedLength() + MAC_LENGTH;
    }

    /** @return buffer the encoder is attached to. */
    public MutableDirectBuffer buffer() {
        return buffer;
    }

    /** @return offset at which the warrant starts. */
    public int offset() {
        return offset;
    }

    private void advanceTo(final int target) {
        if (stage > target) {
            throw new IllegalStateException("warrant fields out of order: capabilities, then chain");
        }
        if (stage == STAGE_CAPABILITIES && target > STAGE_CAPABILITIES) {
            Bounds.requireCapacity(buffer, offset + CAPABILITY_WORD_COUNT_OFFSET, 1);
            buffer.putByte(offset + CAPABILITY_WORD_COUNT_OFFSET, (byte)0);
            stage = STAGE_CHAIN;
        }
        if (stage == STAGE_CHAIN && target > STAGE_CHAIN) {
            Bounds.requireCapacity(buffer, limit, 1);
            buffer.putByte(limit, (byte)0);
            buffer.putByte(offset + FLAGS_OFFSET, (byte)(buffer.getByte(offset + FLAGS_OFFSET) & ~FLAG_CHAIN_TRUNCATED));
            limit += 1;
            stage = STAGE_DONE;
        }
    }
}
