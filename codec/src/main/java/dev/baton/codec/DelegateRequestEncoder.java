package dev.baton.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

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
 * Writes a delegate request (layout in {@link DelegateRequestLayout}). Fixed fields in any order, then
 * {@link #requestedCapabilities} and {@link #warrant} in that order (a skipped one is written empty),
 * then {@link #encodedLength()}.
 *
 * <p><b>Note:</b> not thread-safe; keep one per thread. Allocates nothing after construction.
 */
public final class DelegateRequestEncoder {
    private static final int STAGE_CAPABILITIES = 0;
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
    public DelegateRequestEncoder wrap(final MutableDirectBuffer buffer, final int offset) {
        Bounds.requireCapacity(buffer, offset, BLOCK_LENGTH);
        this.buffer = buffer;
        this.offset = offset;
        this.limit = offset + BLOCK_LENGTH;
        this.stage = STAGE_CAPABILITIES;
        buffer.putByte(offset, (byte)FORMAT_VERSION);
        buffer.putByte(offset + TYPE_OFFSET, (byte)RequestType.DELEGATE.code());
        buffer.putShort(offset + RESERVED_OFFSET, (short)0, ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param requestId caller's id for the request.
     * @return this for chaining.
     */
    public DelegateRequestEncoder requestId(final long requestId) {
        buffer.putLong(offset + REQUEST_ID_OFFSET, requestId, ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param presenter identity presenting the warrant (its holder).
     * @return this for chaining.
     */
    public DelegateRequestEncoder presenter(final int presenter) {
        buffer.putInt(offset + PRESENTER_OFFSET, presenter, ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param delegatee identity that would receive the sub-task.
     * @return this for chaining.
     */
    public DelegateRequestEncoder delegatee(final int delegatee) {
        buffer.putInt(offset + DELEGATEE_OFFSET, delegatee, ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param timestamp epoch millis of the request.
     * @return this for chaining.
     */
    public DelegateRequestEncoder timestamp(final long timestamp) {
        buffer.putLong(offset + TIMESTAMP_OFFSET, timestamp, ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param requestedData requested data-class bitset.
     * @return this for chaining.
     */
    public DelegateRequestEncoder requestedData(final long requestedData) {
        buffer.putLong(offset + REQUESTED_DATA_OFFSET, requestedData, ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param words     requested capability bitset; trailing zero words are trimmed.
     * @param wordCount words to take; at most 64 after trimming.
     * @return this for chaining.
     */
    public DelegateRequestEncoder requestedCapabilities(final long[] words, final int wordCount) {
        advanceTo(STAGE_CAPABILITIES);
        final int trimmed = ScopeWords.trimmedCount(words, wordCount);
        limit += ScopeWords.put(buffer, offset + CAPABILITY_WORD_COUNT_OFFSET, words, trimmed) - 1;
        stage = STAGE_WARRANT;
        return this;
    }

    /**
     * Copies the presented warrant's bytes.
     *
     * @param src    holding the warrant.
     * @param index  of the warrant in {@code src}.
     * @param length of the warrant, at most {@link WarrantLayout#MAX_LENGTH}.
     * @return this for chaining.
     */
    public DelegateRequestEncoder warrant(final DirectBuffer src, final int index, final int length) {
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
            throw new IllegalStateException("delegate request fields out of order: capabilities, then warrant");
        }
        if (stage == STAGE_CAPABILITIES && target > STAGE_CAPABILITIES) {
            Bounds.requireCapacity(buffer, offset + CAPABILITY_WORD_COUNT_OFFSET, 1);
            buffer.putByte(offset + CAPABILITY_WORD_COUNT_OFFSET, (byte)0);
            stage = STAGE_WARRANT;
        }
        if (stage == STAGE_WARRANT && target > STAGE_WARRANT) {
            limit += VarBytes.putEmpty(buffer, limit);
            stage = STAGE_DONE;
        }
    }
}
