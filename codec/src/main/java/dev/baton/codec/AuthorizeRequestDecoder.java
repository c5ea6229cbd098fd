package dev.baton.codec;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

import static dev.baton.codec.AuthorizeRequestLayout.BLOCK_LENGTH;
import static dev.baton.codec.AuthorizeRequestLayout.CAPABILITY_OFFSET;
import static dev.baton.codec.AuthorizeRequestLayout.DATA_CLASS_OFFSET;
import static dev.baton.codec.AuthorizeRequestLayout.FORMAT_VERSION;
import static dev.baton.codec.AuthorizeRequestLayout.INPUT_DIGEST_LENGTH;
import static dev.baton.codec.AuthorizeRequestLayout.INPUT_DIGEST_OFFSET;
import static dev.baton.codec.AuthorizeRequestLayout.PRESENTER_OFFSET;
import static dev.baton.codec.AuthorizeRequestLayout.REQUEST_ID_OFFSET;
import static dev.baton.codec.AuthorizeRequestLayout.RESERVED_OFFSET;
import static dev.baton.codec.AuthorizeRequestLayout.TIMESTAMP_OFFSET;
import static dev.baton.codec.AuthorizeRequestLayout.TYPE_OFFSET;

/**
 * Reads an authorize request (layout in {@link AuthorizeRequestLayout}). {@link #wrap} validates
 * untrusted bytes (including that the justification is well-formed UTF-8) before any getter reads
 * them. The embedded warrant is only bounded here; verify it with {@link WarrantAuthenticator#verify}.
 *
 * <p><b>Note:</b> not thread-safe; keep one per thread. Allocates nothing, except {@link #justification()}.
 */
public final class AuthorizeRequestDecoder {
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
        error = Bounds.checkAvailable(0, BLOCK_LENGTH, length, "authorize request block", detail);
        if (error != CodecError.OK) {
            return error;
        }
        final int type = buffer.getByte(offset + TYPE_OFFSET) & 0xFF;
        if (type != RequestType.AUTHORIZE.code()) {
            return Bounds.fail(detail, CodecError.BAD_VALUE, "type", TYPE_OFFSET, 1, RequestType.AUTHORIZE.code(), type);
        }
        final int reserved = buffer.getShort(offset + RESERVED_OFFSET, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        if (reserved != 0) {
            return Bounds.fail(detail, CodecError.BAD_VALUE, "reserved", RESERVED_OFFSET, 2, 0, reserved);
        }
        error = Utf8Text.check(buffer, offset, BLOCK_LENGTH, length, "justification", detail);
        if (error != CodecError.OK) {
            return error;
        }
        final int warrantAt = BLOCK_LENGTH + VarBytes.LENGTH_PREFIX + VarBytes.length(buffer, offset + BLOCK_LENGTH);
        error = VarBytes.checkWarrantTail(buffer, offset, warrantAt, length, "authorize request", detail);
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

    /** @return epoch millis of the request. */
    public long timestamp() {
        return buffer.getLong(offset + TIMESTAMP_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /** @return capability index. */
    public int capability() {
        return buffer.getInt(offset + CAPABILITY_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /** @return data-class index. */
    public int dataClass() {
        return buffer.getInt(offset + DATA_CLASS_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * @param dst receives the 32-byte input digest.
     * @param off in {@code dst}.
     */
    public void getInputDigest(final byte[] dst, final int off) {
        buffer.getBytes(offset + INPUT_DIGEST_OFFSET, dst, off, INPUT_DIGEST_LENGTH);
    }

    /** @return bytes of justification. */
    public int justificationLength() {
        return Utf8Text.length(buffer, offset + BLOCK_LENGTH);
    }

    /**
     * @param dst receives the UTF-8 bytes; needs {@link #justificationLength()} bytes from {@code off}.
     * @param off in {@code dst}.
     * @return bytes copied.
     */
    public int getJustification(final byte[] dst, final int off) {
        return Utf8Text.copy(buffer, offset + BLOCK_LENGTH, dst, off);
    }

    /** @return the justification; allocates. */
    public String justification() {
        return Utf8Text.string(buffer, offset + BLOCK_LENGTH);
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
