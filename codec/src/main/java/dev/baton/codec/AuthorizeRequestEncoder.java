package dev.baton.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

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
 * Writes an authorize request (layout in {@link AuthorizeRequestLayout}). Fixed fields in any order,
 * then {@link #justification} and {@link #warrant} in that order (a skipped one is written empty), then
 * {@link #encodedLength()}.
 *
 * <p><b>Note:</b> not thread-safe; keep one per thread. Allocates nothing after construction, except
 * {@link #justification(String)}.
 */
public final class AuthorizeRequestEncoder {
    private static final int STAGE_JUSTIFICATION = 0;
    private static final int STAGE_WARRANT = 1;
    private static final int STAGE_DONE = 2;

    private MutableDirectBuffer buffer;
    private int offset;
    private int limit;
    private int stage;

    /**
     * @param buffer to which the encoder is attached.
     * @param offset at which the request starts.
     * @return this for chaining.
     */
    public AuthorizeRequestEncoder wrap(final MutableDirectBuffer buffer, final int offset) {
        Bounds.requireCapacity(buffer, offset, BLOCK_LENGTH);
        this.buffer = buffer;
        this.offset = offset;
        this.limit = offset + BLOCK_LENGTH;
        this.stage = STAGE_JUSTIFICATION;
        buffer.putByte(offset, (byte)FORMAT_VERSION);
        buffer.putByte(offset + TYPE_OFFSET, (byte)RequestType.AUTHORIZE.code());
        buffer.putShort(offset + RESERVED_OFFSET, (short)0, ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param requestId caller's id for the request.
     * @return this for chaining.
     */
    public AuthorizeRequestEncoder requestId(final long requestId) {
        buffer.putLong(offset + REQUEST_ID_OFFSET, requestId, ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param presenter identity presenting the warrant (its holder).
     * @return this for chaining.
     */
    public AuthorizeRequestEncoder presenter(final int presenter) {
        buffer.putInt(offset + PRESENTER_OFFSET, presenter, ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param timestamp epoch millis of the request.
     * @return this for chaining.
     */
    public AuthorizeRequestEncoder timestamp(final long timestamp) {
        buffer.putLong(offset + TIMESTAMP_OFFSET, timestamp, ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param capability index of the (tool, action) capability.
     * @return this for chaining.
     */
    public AuthorizeRequestEncoder capability(final int capability) {
        buffer.putInt(offset + CAPABILITY_OFFSET, capability, ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param dataClass index of the data class touched.
     * @return this for chaining.
     */
    public AuthorizeRequestEncoder dataClass(final int dataClass) {
        buffer.putInt(offset + DATA_CLASS_OFFSET, dataClass, ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param src 32-byte digest of the tool input.
     * @param off of the digest in {@code src}.
     * @return this for chaining.
     */
    public AuthorizeRequestEncoder inputDigest(final byte[] src, final int off) {
        buffer.putBytes(offset + INPUT_DIGEST_OFFSET, src, off, INPUT_DIGEST_LENGTH);
        return this;
    }

    /**
     * @param utf8 well-formed UTF-8.
     * @param off  of the text in {@code utf8}.
     * @param len  bytes, at most {@link AuthorizeRequestLayout#MAX_JUSTIFICATION_LENGTH}.
     * @return this for chaining.
     */
    public AuthorizeRequestEncoder justification(final byte[] utf8, final int off, final int len) {
        advanceTo(STAGE_JUSTIFICATION);
        limit += Utf8Text.put(buffer, limit, utf8, off, len);
        stage = STAGE_WARRANT;
        return this;
    }

    /**
     * Convenience for non-hot paths: allocates the UTF-8 bytes.
     *
     * @param text justification; at most 1024 bytes as UTF-8.
     * @return this for chaining.
     */
    public AuthorizeRequestEncoder justification(final String text) {
        final byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        return justification(utf8, 0, utf8.length);
    }

    /**
     * @param src    holding the presented warrant.
     * @param index  of the warrant in {@code src}.
     * @param length of the warrant, at most {@link WarrantLayout#MAX_LENGTH}.
     * @return this for chaining.
     */
    public AuthorizeRequestEncoder warrant(final DirectBuffer src, final int index, final int length) {
        advanceTo(STAGE_WARRANT);
        limit += VarBytes.put(buffer, limit, src, index, length, WarrantLayout.MAX_LENGTH);
        stage = STAGE_DONE;
        return this;
    }

    /** @return length of the request, completing skipped fields as empty. */
    public int encodedLength() {
        advanceTo(STAGE_DONE);
        return limit - offset;
    }

    private void advanceTo(final int target) {
        if (stage > target) {
            throw new IllegalStateException("authorize request fields out of order: justification, then warrant");
        }
        while (stage < target) {
            limit += VarBytes.putEmpty(buffer, limit);
            stage++;
        }
    }
}
