package dev.baton.codec;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

import static dev.baton.codec.ShadowBodyLayout.ATTACHED_OFFSET;
import static dev.baton.codec.ShadowBodyLayout.BLOCK_LENGTH;
import static dev.baton.codec.ShadowBodyLayout.CANDIDATE_VERSION_OFFSET;
import static dev.baton.codec.ShadowBodyLayout.EPOCH_MILLIS_OFFSET;
import static dev.baton.codec.ShadowBodyLayout.RESERVED_OFFSET;

/**
 * Reads the body of a SHADOW journal record (layout in {@link ShadowBodyLayout}). {@link #wrap} validates
 * untrusted bytes (exact length, {@code attached} 0 or 1, reserved bytes zero) before any getter reads them.
 *
 * <p><b>Note:</b> not thread-safe; keep one per thread. Allocates nothing.
 */
public final class ShadowBodyDecoder {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private DirectBuffer buffer;
    private int offset;

    /**
     * @param buffer holding the body.
     * @param offset of the body.
     * @param length of the body; must be exact.
     * @param detail filled on failure; may be null.
     * @return {@link CodecError#OK} or what was wrong.
     */
    public CodecError wrap(final DirectBuffer buffer, final int offset, final int length, final ErrorDetail detail) {
        this.buffer = null;
        this.offset = offset;
        CodecError error = Bounds.checkFixed(buffer, offset, length, BLOCK_LENGTH, "shadow body", detail);
        if (error == CodecError.OK) {
            final int attached = buffer.getByte(offset + ATTACHED_OFFSET) & 0xFF;
            error = attached > 1
                ? Bounds.fail(detail, CodecError.BAD_VALUE, "attached", ATTACHED_OFFSET, 1, 1, attached)
                : ShadowDecisionBodyDecoder.zero(buffer, offset, RESERVED_OFFSET, BLOCK_LENGTH, detail);
        }
        this.buffer = error == CodecError.OK ? buffer : null;
        return error;
    }

    /** @return the candidate policy's version id. */
    public long candidateVersion() {
        return buffer.getLong(offset + CANDIDATE_VERSION_OFFSET, LE);
    }

    /** @return the engine's wall clock at the attach or detach, epoch millis. */
    public long epochMillis() {
        return buffer.getLong(offset + EPOCH_MILLIS_OFFSET, LE);
    }

    /** @return true for an attach, false for a detach. */
    public boolean attached() {
        return buffer.getByte(offset + ATTACHED_OFFSET) == 1;
    }
}
