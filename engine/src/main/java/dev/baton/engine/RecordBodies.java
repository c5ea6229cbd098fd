package dev.baton.engine;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Read-only access to the bodies of the journal's non-DECISION records, for audit tools (export).
 * DECISION bodies are read with {@link DecisionRecord}.
 *
 * <pre>
 *   POLICY    i64 versionId, u16 chunk, u16 chunks, u16 file name length + UTF-8, u32 text length + UTF-8
 *             (a text longer than one record body is split into chunks, in order)
 *   IDENTITY  i32 id, u16 length + UTF-8
 *   SWAP      i64 versionId
 *   START     i64 epoch millis, i64 records recovered, i64 retention millis, i32 max grants,
 *             i32 initial grants, i32 reserved
 *   STOP      i64 epoch millis
 * </pre>
 * <b>Note:</b> stateless; the methods returning strings allocate.
 */
public final class RecordBodies {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private RecordBodies() {
    }

    /** @return the policy version of a POLICY or SWAP body. */
    public static long policyVersion(final DirectBuffer body, final int offset) {
        return body.getLong(offset, LE);
    }

    /** @return the chunk number (from 0) of a POLICY body. */
    public static int policyChunk(final DirectBuffer body, final int offset) {
        return body.getShort(offset + 8, LE) & 0xFFFF;
    }

    /** @return how many chunks the policy text of a POLICY body has. */
    public static int policyChunks(final DirectBuffer body, final int offset) {
        return body.getShort(offset + 10, LE) & 0xFFFF;
    }

    /**
     * @return the policy file name of a POLICY body.
     * @throws IllegalStateException if the body is shorter than its name.
     */
    public static String policyFile(final DirectBuffer body, final int offset, final int length) {
        final int len = body.getShort(offset + 12, LE) & 0xFFFF;
        if (14 + len > length) {
            throw new IllegalStateException("POLICY record too short for its file name");
        }
        final byte[] utf8 = new byte[len];
        body.getBytes(offset + 14, utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /** @return bytes of policy text in this POLICY chunk. */
    public static int policyTextLength(final DirectBuffer body, final int offset) {
        final int fileLength = body.getShort(offset + 12, LE) & 0xFFFF;
        return body.getInt(offset + 14 + fileLength, LE);
    }

    /** @return the id of an IDENTITY body. */
    public static int identityId(final DirectBuffer body, final int offset) {
        return PolicyRecords.identityId(body, offset);
    }

    /**
     * @return the identity string of an IDENTITY body.
     * @throws IllegalStateException if the body is shorter than its name.
     */
    public static String identityName(final DirectBuffer body, final int offset, final int length) {
        return PolicyRecords.identityName(body, offset, length);
    }

    /** @return the epoch millis of a START or STOP body. */
    public static long epochMillis(final DirectBuffer body, final int offset) {
        return body.getLong(offset, LE);
    }

    /** @return the records recovered, of a START body. */
    public static long recovered(final DirectBuffer body, final int offset) {
        return body.getLong(offset + 8, LE);
    }

    /** @return the dead-grant retention of a START body (millis). */
    public static long retentionMillis(final DirectBuffer body, final int offset) {
        return body.getLong(offset + 16, LE);
    }

    /** @return the registry bound of a START body. */
    public static int maxGrants(final DirectBuffer body, final int offset) {
        return body.getInt(offset + 24, LE);
    }
}
