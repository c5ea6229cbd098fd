package dev.baton.engine;

import dev.baton.codec.CodecError;
import dev.baton.codec.ErrorDetail;
import dev.baton.codec.IdentityBodyEncoder;
import dev.baton.codec.JournalRecordLayout;
import dev.baton.codec.PolicyBodyDecoder;
import dev.baton.codec.PolicyBodyEncoder;
import dev.baton.codec.SwapBodyEncoder;
import dev.baton.core.CompiledPolicy;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes the POLICY, SWAP and IDENTITY records (codec {@code PolicyBodyLayout}, {@code SwapBodyLayout},
 * {@code IdentityBodyLayout}) and joins a policy text's POLICY chunks back together.
 * <p>
 * <b>Note:</b> stateless, except each {@link Assembler}; allocates (these records are rare).
 */
final class PolicyRecords {
    /** Bytes of a buffer any POLICY, SWAP, IDENTITY, START or STOP body fits in. */
    static final int SCRATCH_LENGTH = JournalRecordLayout.MAX_BODY_LENGTH;
    /** Most text bytes per POLICY chunk: where journals have always cut (less for a very long file name). */
    private static final int CHUNK = JournalRecordLayout.MAX_BODY_LENGTH - 1024;

    private PolicyRecords() {
    }

    /** Appends the POLICY records of {@code policy} and then a SWAP record naming it. */
    static void appendPolicyAndSwap(final Journal journal, final CompiledPolicy policy, final MutableDirectBuffer scratch) {
        appendPolicy(journal, policy, scratch);
        final int length = new SwapBodyEncoder().wrap(scratch, 0).versionId(policy.versionId()).encodedLength();
        journal.append(RecordType.SWAP, scratch, 0, length);
    }

    /** Appends the POLICY records of {@code policy}: its whole text, in chunks. */
    static void appendPolicy(final Journal journal, final CompiledPolicy policy, final MutableDirectBuffer scratch) {
        final byte[] text = policy.text().getBytes(StandardCharsets.UTF_8);
        final byte[] file = policy.file().getBytes(StandardCharsets.UTF_8);
        final int chunk = Math.min(CHUNK, PolicyBodyEncoder.maxTextLength(file.length));
        final int chunks = Math.max(1, (text.length + chunk - 1) / chunk);
        final PolicyBodyEncoder body = new PolicyBodyEncoder();
        for (int c = 0; c < chunks; c++) {
            final int from = c * chunk;
            final int length = body.wrap(scratch, 0).versionId(policy.versionId()).chunk(c, chunks)
                .fileName(file, 0, file.length).text(text, from, Math.min(chunk, text.length - from)).encodedLength();
            journal.append(RecordType.POLICY, scratch, 0, length);
        }
    }

    /** Appends the IDENTITY record of an identity interned (or renewed) as {@code id}. */
    static void appendIdentity(final Journal journal, final int id, final String name, final MutableDirectBuffer scratch) {
        final byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        final int length = new IdentityBodyEncoder().wrap(scratch, 0).id(id).name(utf8, 0, utf8.length).encodedLength();
        journal.append(RecordType.IDENTITY, scratch, 0, length);
    }

    /** Accumulates POLICY chunks until a text is whole. */
    static final class Assembler {
        private final PolicyBodyDecoder decoder = new PolicyBodyDecoder();
        private final ErrorDetail detail = new ErrorDetail();
        private final ByteArrayOutputStream text = new ByteArrayOutputStream();
        private long versionId;
        private int expected;
        private String file;

        /**
         * @return true when this chunk completes the text.
         * @throws IllegalStateException if the body is malformed or the chunk out of order.
         */
        boolean add(final DirectBuffer body, final int offset, final int length) {
            if (decoder.wrap(body, offset, length, detail) != CodecError.OK) {
                throw new IllegalStateException("malformed POLICY body: " + detail.message());
            }
            final int chunk = decoder.chunk();
            if (chunk == 0) {
                text.reset();
                versionId = decoder.versionId();
                expected = decoder.chunkCount();
                file = decoder.fileName();
            } else if (decoder.versionId() != versionId || chunk >= expected) {
                throw new IllegalStateException("POLICY chunk " + chunk + " of version "
                    + Long.toHexString(decoder.versionId()) + " out of order");
            }
            final byte[] bytes = new byte[decoder.textLength()];
            decoder.getText(bytes, 0);
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
}
