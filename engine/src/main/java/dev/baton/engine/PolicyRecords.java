package dev.baton.engine;

import dev.baton.codec.JournalRecordLayout;
import dev.baton.core.CompiledPolicy;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.io.ByteArrayOutputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Bodies of POLICY, IDENTITY and SWAP records. A policy text longer than one record body is split into
 * chunks: {@code i64 versionId, u16 chunk, u16 chunks, u16 file name length + UTF-8, u32 chunk length +
 * UTF-8 bytes}.
 * <p>
 * <b>Note:</b> stateless; allocates (these records are rare).
 */
final class PolicyRecords {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final int CHUNK = JournalRecordLayout.MAX_BODY_LENGTH - 1024;

    private PolicyRecords() {
    }

    /** Appends the POLICY records of {@code policy} and then a SWAP record naming it. */
    static void appendPolicyAndSwap(final Journal journal, final CompiledPolicy policy, final MutableDirectBuffer scratch) {
        final byte[] text = policy.text().getBytes(StandardCharsets.UTF_8);
        final byte[] file = policy.file().getBytes(StandardCharsets.UTF_8);
        final int chunks = Math.max(1, (text.length + CHUNK - 1) / CHUNK);
        for (int c = 0; c < chunks; c++) {
            final int from = c * CHUNK;
            final int len = Math.min(CHUNK, text.length - from);
            scratch.putLong(0, policy.versionId(), LE);
            scratch.putShort(8, (short) c, LE);
            scratch.putShort(10, (short) chunks, LE);
            scratch.putShort(12, (short) file.length, LE);
            scratch.putBytes(14, file);
            scratch.putInt(14 + file.length, len, LE);
            scratch.putBytes(18 + file.length, text, from, len);
            journal.append(RecordType.POLICY, scratch, 0, 18 + file.length + len);
        }
        scratch.putLong(0, policy.versionId(), LE);
        journal.append(RecordType.SWAP, scratch, 0, 8);
    }

    static void appendIdentity(final Journal journal, final int id, final String name, final MutableDirectBuffer scratch) {
        final byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        scratch.putInt(0, id, LE);
        scratch.putShort(4, (short) utf8.length, LE);
        scratch.putBytes(6, utf8);
        journal.append(RecordType.IDENTITY, scratch, 0, 6 + utf8.length);
    }

    /** Accumulates POLICY chunks until a text is whole. */
    static final class Assembler {
        private final ByteArrayOutputStream text = new ByteArrayOutputStream();
        private long versionId;
        private int expected;
        private String file;

        /** @return true when this chunk completes the text. */
        boolean add(final DirectBuffer body, final int offset, final int length) {
            final long version = body.getLong(offset, LE);
            final int chunk = body.getShort(offset + 8, LE) & 0xFFFF;
            final int chunks = body.getShort(offset + 10, LE) & 0xFFFF;
            final int fileLength = body.getShort(offset + 12, LE) & 0xFFFF;
            if (18 + fileLength > length) {
                throw new IllegalStateException("POLICY record too short for its file name");
            }
            final byte[] name = new byte[fileLength];
            body.getBytes(offset + 14, name);
            final int len = body.getInt(offset + 14 + fileLength, LE);
            if (len < 0 || 18 + fileLength + len > length) {
                throw new IllegalStateException("POLICY record chunk length " + len + " exceeds its body");
            }
            if (chunk == 0) {
                text.reset();
                versionId = version;
                expected = chunks;
                file = new String(name, StandardCharsets.UTF_8);
            } else if (version != versionId || chunk >= expected) {
                throw new IllegalStateException("POLICY chunk " + chunk + " of version " + Long.toHexString(version)
                    + " out of order");
            }
            final byte[] bytes = new byte[len];
            body.getBytes(offset + 18 + fileLength, bytes);
            text.writeBytes(bytes);
            return chunk == expected - 1;
        }

        long versionId() {
            return versionId;
        }

        String file() {
            return file;
        }

        String text() {
            return text.toString(StandardCharsets.UTF_8);
        }
    }

    static int identityId(final DirectBuffer body, final int offset) {
        return body.getInt(offset, LE);
    }

    static String identityName(final DirectBuffer body, final int offset, final int length) {
        final int len = body.getShort(offset + 4, LE) & 0xFFFF;
        if (6 + len > length) {
            throw new IllegalStateException("IDENTITY record shorter than its name");
        }
        final byte[] utf8 = new byte[len];
        body.getBytes(offset + 6, utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    static long swapVersion(final DirectBuffer body, final int offset) {
        return body.getLong(offset, LE);
    }
}
