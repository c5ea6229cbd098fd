package dev.baton.codec;

/**
 * Reusable detail of the last failure a decoder or verifier reported: the error, the field, and the
 * offset, length and capacity involved. Pass one to {@code wrap}/{@code verify} to learn more than the
 * error code; pass {@code null} when the code is enough.
 *
 * <p><b>Note:</b> not thread-safe; keep one per thread. Filling it allocates nothing (field names are
 * string constants); {@link #message()} allocates and is meant for the error path.
 */
public final class ErrorDetail {
    private CodecError error = CodecError.OK;
    private String field = "";
    private long offset;
    private long length;
    private long capacity;
    private long value;

    /**
     * Records a failure.
     *
     * @param error    what was wrong.
     * @param field    name of the field, a constant.
     * @param offset   offset of the field relative to the message start.
     * @param length   bytes the field needs, or the value that was out of bounds.
     * @param capacity bytes available, or the bound the value broke.
     * @param value    the offending value (a version, count or length), or 0.
     * @return this for chaining.
     */
    public ErrorDetail set(
        final CodecError error,
        final String field,
        final long offset,
        final long length,
        final long capacity,
        final long value) {
        this.error = error;
        this.field = field;
        this.offset = offset;
        this.length = length;
        this.capacity = capacity;
        this.value = value;
        return this;
    }

    /**
     * Resets to {@link CodecError#OK}.
     *
     * @return this for chaining.
     */
    public ErrorDetail clear() {
        return set(CodecError.OK, "", 0, 0, 0, 0);
    }

    /** @return the error last recorded. */
    public CodecError error() {
        return error;
    }

    /** @return name of the field that failed. */
    public String field() {
        return field;
    }

    /** @return offset of the field relative to the message start. */
    public long offset() {
        return offset;
    }

    /** @return bytes needed, or the out-of-bounds value. */
    public long length() {
        return length;
    }

    /** @return bytes available, or the bound. */
    public long capacity() {
        return capacity;
    }

    /** @return the offending value, or 0. */
    public long value() {
        return value;
    }

    /**
     * Human-readable message, e.g. {@code "TRUNCATED: hops offset=103 length=24 capacity=110 value=3 (...)"}.
     * Allocates.
     *
     * @return the message.
     */
    public String message() {
        return error + ": " + field
            + " offset=" + offset + " length=" + length + " capacity=" + capacity + " value=" + value
            + " (" + error.description() + ")";
    }

    @Override
    public String toString() {
        return message();
    }
}
