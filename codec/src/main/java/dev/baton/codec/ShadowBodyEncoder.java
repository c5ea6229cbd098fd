package dev.baton.codec;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

import static dev.baton.codec.ShadowBodyLayout.ATTACHED_OFFSET;
import static dev.baton.codec.ShadowBodyLayout.BLOCK_LENGTH;
import static dev.baton.codec.ShadowBodyLayout.CANDIDATE_VERSION_OFFSET;
import static dev.baton.codec.ShadowBodyLayout.EPOCH_MILLIS_OFFSET;
import static dev.baton.codec.ShadowBodyLayout.RESERVED_LENGTH;
import static dev.baton.codec.ShadowBodyLayout.RESERVED_OFFSET;

/**
 * Writes the body of a SHADOW journal record (layout in {@link ShadowBodyLayout}): {@link #wrap} clears
 * the body (a detach, every field 0), the setters fill it.
 *
 * <p><b>Note:</b> not thread-safe; keep one per thread. Allocates nothing.
 */
public final class ShadowBodyEncoder {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private MutableDirectBuffer buffer;
    private int offset;

    /** @return this, writing at {@code offset} of {@code buffer}, the body cleared. */
    public ShadowBodyEncoder wrap(final MutableDirectBuffer buffer, final int offset) {
        this.buffer = buffer;
        this.offset = offset;
        buffer.setMemory(offset, BLOCK_LENGTH, (byte) 0);
        return this;
    }

    /** @return this, with the candidate policy's version id set. */
    public ShadowBodyEncoder candidateVersion(final long versionId) {
        buffer.putLong(offset + CANDIDATE_VERSION_OFFSET, versionId, LE);
        return this;
    }

    /** @return this, with the engine's wall clock at the attach or detach set (epoch millis). */
    public ShadowBodyEncoder epochMillis(final long epochMillis) {
        buffer.putLong(offset + EPOCH_MILLIS_OFFSET, epochMillis, LE);
        return this;
    }

    /** @return this, marked an attach (true) or a detach (false). */
    public ShadowBodyEncoder attached(final boolean attached) {
        buffer.putByte(offset + ATTACHED_OFFSET, (byte) (attached ? 1 : 0));
        buffer.setMemory(offset + RESERVED_OFFSET, RESERVED_LENGTH, (byte) 0);
        return this;
    }

    /** @return the body's length, {@link ShadowBodyLayout#BLOCK_LENGTH}. */
    public int encodedLength() {
        return BLOCK_LENGTH;
    }
}
