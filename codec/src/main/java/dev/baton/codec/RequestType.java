package dev.baton.codec;

import org.agrona.DirectBuffer;

/**
 * The type byte of a request (offset 1 of every request), so a reader can pick the decoder.
 *
 * <p><b>Note:</b> immutable; {@link #peek} allocates nothing.
 */
public enum RequestType {
    /** Not a request this build knows, or too short to tell. */
    UNKNOWN(0),
    /** {@link DelegateRequestDecoder}. */
    DELEGATE(1),
    /** {@link AuthorizeRequestDecoder}. */
    AUTHORIZE(2);

    /** Offset of the type byte in every request. */
    public static final int TYPE_OFFSET = 1;

    private static final RequestType[] BY_CODE = {UNKNOWN, DELEGATE, AUTHORIZE};

    private final int code;

    RequestType(final int code) {
        this.code = code;
    }

    /** @return the wire code. */
    public int code() {
        return code;
    }

    /**
     * @param code a wire code.
     * @return the type, or {@link #UNKNOWN}.
     */
    public static RequestType get(final int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : UNKNOWN;
    }

    /**
     * Reads the type of an untrusted request without validating the rest; decode it with the matching
     * decoder, which validates everything.
     *
     * @param buffer holding the request.
     * @param offset of the request.
     * @param length of the request.
     * @return the type, or {@link #UNKNOWN} if the region is too short or out of the buffer.
     */
    public static RequestType peek(final DirectBuffer buffer, final int offset, final int length) {
        if (null == buffer || offset < 0 || length <= TYPE_OFFSET || (long)offset + length > buffer.capacity()) {
            return UNKNOWN;
        }
        return get(buffer.getByte(offset + TYPE_OFFSET) & 0xFF);
    }
}
