package dev.baton.codec;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

import static dev.baton.codec.DelegateRequestLayout.BLOCK_LENGTH;
import static dev.baton.codec.DelegateRequestLayout.CAPABILITY_WORD_COUNT_OFFSET;
import static dev.baton.codec.DelegateRequestLayout.DELEGATEE_OFFSET;
import static dev.baton.codec.DelegateRequestLayout.FORMAT_VERSION;
import static dev.baton.codec.DelegateRequestLayout.PRESENTER_OFFSET;
import static dev.baton.codec.DelegateRequestLayout.REQUESTED_DATA_OFFSET;
import static dev.baton.codec.DelegateRequestLayout.REQUEST_ID_OFFSET;
import static dev.baton.codec.DelegateRequestLayout.RESERVED_OFFSET;
import static dev.baton.codec.DelegateRequestLayout.TIMESTAMP_OFFSET;
import static dev.baton.codec.DelegateRequestLayout.TYPE_OFFSET;

/**
 * Reads a delegate request (layout in {@link DelegateRequestLayout}). {@link #wrap} validates untrusted
 * bytes before any getter reads them. The embedded warrant is only bounded here; verify it with
 * {@link WarrantAuthenticator#verify}{@code (buffer(), warrantOffset(), warrantLength(), presenter(), ...)}.
 *
 * <p><b>Note:</b> not thread-safe; keep one per thread. Allocates nothing.
 */
public final class DelegateRequestDecoder {
    private DirectBuffer buffer;
    private int offset;
    private int length;
    private int warrantIndex;

    /**
     * @param buffer holding the request.
     * @param offset of the request.
     * @param length of the request; must be exact.
     * @param detail filled on failure; may be null.
     * @return {@link CodecError#OK} or what was wrong.
     */
    public CodecError wrap(final DirectBuffer buffer, final int offset, final int length, final ErrorDetail detail) {
        this.buffer = null;
        CodecError error = Bounds.checkRegionAndVersion(buffer, offset, length, FORMAT_VERSION, detail);
        if (error != CodecError.OK) {
            return error;
        }
        error = Bounds.checkAvailable(0, BLOCK_LENGTH, length, "delegate request block", detail);
        if (error != CodecError.OK) {
            return error;
        }
        final int type = buffer.getByte(offset + TYPE_OFFSET) & 0xFF;
        if (type != RequestType.DELEGATE.code()) {
            return Bounds.fail(detail, CodecError.BAD_VALUE, "type", TYPE_OFFSET, 1, RequestType.DELEGATE.code(), type);
        }
        final int reserved = buffer.getShort(offset + RESERVED_OFFSET, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        if (reserved != 0) {
            return Bounds.fail(detail, CodecError.BAD_VALUE, "reserved", RESERVED_OFFSET, 2, 0, reserved);
        }
        error = ScopeWords.check(buffer, offset, CAPABILITY_WORD_COUNT_OFFSET, length, "requestedCapabilities", detail);
        if (error != CodecError.OK) {
            return error;
        }
        final int warrantAt = BLOCK_LENGTH + (buffer.getByte(offset + CAPABILITY_WORD_COUNT_OFFSET) & 0xFF) * 8;
        error = VarBytes.checkWarrantTail(buffer, offset, warrantAt, length, "delegate request", detail);
        if (error != CodecError.OK) {
            return error;
        }
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.warrantIndex = offset + warrantAt;
        return CodecError.OK;
    }

    /** @return buffer of the wrapped request. */
    public DirectBuffer buffer() {
        return buffer;
    }

    /** @return length of the wrapped request. */
    public int encodedLength() {
        return length;
    }

    /** @return the caller's request id. */
    public long requestId() {
        return buffer.getLong(offset + REQUEST_ID_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /** @return identity presenting the warrant. */
    public int presenter() {
        return buffer.getInt(offset + PRESENTER_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /** @return identity that would receive the sub-task. */
    public int delegatee() {
        return buffer.getInt(offset + DELEGATEE_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /** @return epoch millis of the request. */
    public long timestamp() {
        return buffer.getLong(offset + TIMESTAMP_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /** @return requested data-class bitset. */
    public long requestedData() {
        return buffer.getLong(offset + REQUESTED_DATA_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /** @return requested capability words carried. */
    public int requestedWordCount() {
        return ScopeWords.count(buffer, offset + CAPABILITY_WORD_COUNT_OFFSET);
    }

    /**
     * @param index of the word.
     * @return the word, 0 past the last one carried.
     */
    public long requestedWord(final int index) {
        return ScopeWords.word(buffer, offset + CAPABILITY_WORD_COUNT_OFFSET, index);
    }

    /**
     * @param dst receives the words; the rest is zero-filled. 64 words always suffice.
     * @return words copied.
     */
    public int getRequestedCapabilities(final long[] dst) {
        return ScopeWords.copy(buffer, offset + CAPABILITY_WORD_COUNT_OFFSET, dst);
    }

    /** @return index in {@link #buffer()} of the warrant's first byte. */
    public int warrantOffset() {
        return warrantIndex + VarBytes.LENGTH_PREFIX;
    }

    /** @return length of the embedded warrant, 0 if none. */
    public int warrantLength() {
        return VarBytes.length(buffer, warrantIndex);
    }
}
