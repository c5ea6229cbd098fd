package dev.baton.engine;

import dev.baton.codec.CodecError;
import dev.baton.codec.ErrorDetail;
import dev.baton.codec.IdentityBodyDecoder;
import dev.baton.codec.IdentityBodyLayout;
import dev.baton.codec.PolicyBodyDecoder;
import dev.baton.codec.PolicyBodyLayout;
import dev.baton.codec.StartBodyLayout;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Read-only access to the bodies of the journal's non-DECISION records, for audit tools (export); the
 * layouts are the codec's ({@code PolicyBodyLayout}, {@code IdentityBodyLayout}, {@code SwapBodyLayout},
 * {@code StartBodyLayout}, {@code StopBodyLayout}; see docs/wire-format.md). DECISION bodies are read
 * with {@link DecisionRecord}. Code that holds a body's length should prefer the codec's
 * {@code *BodyDecoder}s, which validate the whole body; the getters here without a length read one
 * field of a body the {@link JournalReader} verified.
 * <p>
 * <b>Note:</b> stateless; the methods returning strings allocate.
 */
public final class RecordBodies {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private RecordBodies() {
    }

    /** @return the policy version of a POLICY or SWAP body. */
    public static long policyVersion(final DirectBuffer body, final int offset) {
        return body.getLong(offset + PolicyBodyLayout.VERSION_ID_OFFSET, LE);
    }

    /** @return the chunk number (from 0) of a POLICY body. */
    public static int policyChunk(final DirectBuffer body, final int offset) {
        return body.getShort(offset + PolicyBodyLayout.CHUNK_OFFSET, LE) & 0xFFFF;
    }

    /** @return how many chunks the policy text of a POLICY body has. */
    public static int policyChunks(final DirectBuffer body, final int offset) {
        return body.getShort(offset + PolicyBodyLayout.CHUNK_COUNT_OFFSET, LE) & 0xFFFF;
    }

    /**
     * @return the policy file name of a POLICY body.
     * @throws IllegalStateException if the body is malformed.
     */
    public static String policyFile(final DirectBuffer body, final int offset, final int length) {
        return policy(body, offset, length).fileName();
    }

    /** @return bytes of policy text in this POLICY chunk. */
    public static int policyTextLength(final DirectBuffer body, final int offset) {
        final int fileLength = body.getShort(offset + PolicyBodyLayout.BLOCK_LENGTH, LE) & 0xFFFF;
        return body.getInt(offset + PolicyBodyLayout.BLOCK_LENGTH + PolicyBodyLayout.FILE_NAME_LENGTH_LENGTH
            + fileLength, LE);
    }

    /** @return the id of an IDENTITY body. */
    public static int identityId(final DirectBuffer body, final int offset) {
        return body.getInt(offset + IdentityBodyLayout.ID_OFFSET, LE);
    }

    /**
     * @return the identity string of an IDENTITY body.
     * @throws IllegalStateException if the body is malformed.
     */
    public static String identityName(final DirectBuffer body, final int offset, final int length) {
        final IdentityBodyDecoder decoder = new IdentityBodyDecoder();
        final ErrorDetail detail = new ErrorDetail();
        if (decoder.wrap(body, offset, length, detail) != CodecError.OK) {
            throw new IllegalStateException("malformed IDENTITY body: " + detail.message());
        }
        return decoder.name();
    }

    /** @return the epoch millis of a START or STOP body (both begin with it). */
    public static long epochMillis(final DirectBuffer body, final int offset) {
        return body.getLong(offset + StartBodyLayout.EPOCH_MILLIS_OFFSET, LE);
    }

    /** @return the records recovered, of a START body. */
    public static long recovered(final DirectBuffer body, final int offset) {
        return body.getLong(offset + StartBodyLayout.RECOVERED_OFFSET, LE);
    }

    private static PolicyBodyDecoder policy(final DirectBuffer body, final int offset, final int length) {
        final PolicyBodyDecoder decoder = new PolicyBodyDecoder();
        final ErrorDetail detail = new ErrorDetail();
        if (decoder.wrap(body, offset, length, detail) != CodecError.OK) {
            throw new IllegalStateException("malformed POLICY body: " + detail.message());
        }
        return decoder;
    }
}
