package dev.baton.codec;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.function.IntSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Encode+sign and decode+verify allocate nothing in steady state: the thread's allocated-bytes counter
 * does not move across 100k calls after warm-up. Exactly 0 is asserted; a measurement is retried (at
 * most three times) only to step over a JIT recompilation landing inside the window.
 */
class ZeroAllocationTest {
    private static final int WARM_UP = 200_000;
    private static final int CALLS = 100_000;

    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
    private final WarrantAuthenticator authenticator = new WarrantAuthenticator(Fixtures.keyRing());
    private final WarrantEncoder encoder = new WarrantEncoder();
    private final WarrantDecoder decoder = new WarrantDecoder();
    private final ErrorDetail detail = new ErrorDetail();

    private long allocatedBytes(final IntSupplier work) {
        long sink = 0;
        for (int i = 0; i < WARM_UP; i++) {
            sink += work.getAsInt();
        }
        long allocated = -1;
        for (int attempt = 0; attempt < 3 && allocated != 0; attempt++) {
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < CALLS; i++) {
                sink += work.getAsInt();
            }
            allocated = threads.getCurrentThreadAllocatedBytes() - before;
        }
        assertEquals(true, sink != 0, "work must not be optimised away");
        return allocated;
    }

    private IntSupplier encodeAndSign(final MutableDirectBuffer buffer) {
        return () -> {
            Fixtures.encodeTypicalWarrant(encoder, buffer, 0);
            return authenticator.sign(encoder);
        };
    }

    private IntSupplier decodeAndVerify(final MutableDirectBuffer buffer) {
        final int length = encodeAndSign(buffer).getAsInt();
        return () -> authenticator.verify(buffer, 0, length, Fixtures.HOLDER, Fixtures.NOW, decoder, detail).ordinal()
            + decoder.hopCount();
    }

    @Test
    void shouldEncodeAndSignWithoutAllocatingOnHeapBuffer() {
        assertEquals(0, allocatedBytes(encodeAndSign(new UnsafeBuffer(new byte[1024]))));
    }

    @Test
    void shouldEncodeAndSignWithoutAllocatingOnDirectBuffer() {
        assertEquals(0, allocatedBytes(encodeAndSign(new UnsafeBuffer(ByteBuffer.allocateDirect(1024)))));
    }

    @Test
    void shouldDecodeAndVerifyWithoutAllocatingOnHeapBuffer() {
        assertEquals(0, allocatedBytes(decodeAndVerify(new UnsafeBuffer(new byte[1024]))));
    }

    @Test
    void shouldDecodeAndVerifyWithoutAllocatingOnDirectBuffer() {
        assertEquals(0, allocatedBytes(decodeAndVerify(new UnsafeBuffer(ByteBuffer.allocateDirect(1024)))));
    }

    @Test
    void shouldRejectBadMacWithoutAllocating() {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
        final int length = encodeAndSign(buffer).getAsInt();
        buffer.putByte(length - 1, (byte)(buffer.getByte(length - 1) ^ 1));
        assertEquals(0, allocatedBytes(
            () -> authenticator.verify(buffer, 0, length, Fixtures.HOLDER, Fixtures.NOW, decoder, detail).ordinal()));
    }

    @Test
    void shouldEncodeDecodeAndHashDecisionRecordWithoutAllocating() {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
        final DecisionBodyEncoder bodyEncoder = new DecisionBodyEncoder();
        final DecisionBodyDecoder bodyDecoder = new DecisionBodyDecoder();
        final JournalRecordEncoder recordEncoder = new JournalRecordEncoder();
        final JournalRecordDecoder recordDecoder = new JournalRecordDecoder();
        final JournalHasher hasher = new JournalHasher();
        final long[] words = {1L, 2L, 3L, 4L};
        final byte[] digest = new byte[32];
        final StringBuilder justification = new StringBuilder("refund under 50 € for dispute #4411");
        assertEquals(0, allocatedBytes(() -> {
            recordEncoder.wrap(buffer, 0).sequence(17).recordType(DecisionBodyLayout.RECORD_TYPE);
            bodyEncoder.wrap(buffer, recordEncoder.bodyOffset()).operation(Operation.DELEGATE).presenter(42)
                .requestId(2).grantId(1);
            bodyEncoder.child(7)
                .decisionId(1).requestId(2).operation(Operation.DELEGATE).outcome(DecisionOutcome.ALLOW)
                .grantedData(3).requestedData(3).inputDigest(digest, 0).outputDigest(digest, 0)
                .grantedCapabilities(words, 4).requestedCapabilities(words, 4)
                .justification(justification);
            final int length = hasher.seal(recordEncoder.bodyLength(bodyEncoder.encodedLength()));
            recordDecoder.wrap(buffer, 0, length, detail);
            bodyDecoder.wrap(buffer, recordDecoder.bodyOffset(), recordDecoder.bodyLength(), detail);
            return hasher.verify(recordDecoder, detail).ordinal() + bodyDecoder.child(0).operation().code()
                + bodyDecoder.ruleId(0);
        }));
    }

    @Test
    void shouldEncodeAndExpandACompactDecisionBodyWithoutAllocating() {
        final UnsafeBuffer compact = new UnsafeBuffer(new byte[4096]);
        final UnsafeBuffer expanded = new UnsafeBuffer(new byte[4096]);
        final DecisionBodyEncoder bodyEncoder = new DecisionBodyEncoder();
        final DecisionBodyDecoder bodyDecoder = new DecisionBodyDecoder();
        final long[] words = {1L, 2L, 3L, 4L};
        final byte[] digest = new byte[32];
        digest[5] = 9;
        final String same = "looking up the order";
        final StringBuilder changing = new StringBuilder("refund under 50 € for dispute #4411");
        assertEquals(0, allocatedBytes(() -> {
            bodyEncoder.wrap(compact, 0).operation(Operation.FAN_OUT_CHILD).presenter(42).requestId(2).grantId(1);
            bodyEncoder.compactChildForEveryField(7).decisionId(1).outcome(DecisionOutcome.ALLOW)
                .scope(3, 3, words, 4, words, 4).inputDigest(digest, 0).outputDigest(digest, 0).justification(same);
            bodyEncoder.compactChildForEveryField(8).decisionId(2).outcome(DecisionOutcome.DENY)
                .justification(changing);
            final int length = CompactDecisionBodies.expand(compact, 0, bodyEncoder.encodedLength(), expanded, 0,
                detail);
            bodyDecoder.wrap(expanded, 0, length, detail);
            return bodyDecoder.child(1).operation().code() + bodyDecoder.ruleId(0);
        }));
    }

    @Test
    void shouldEncodeADecisionBodyStraightIntoItsPackedFormWithoutAllocating() {
        final PackedDecisionBodyEncoder packed = new PackedDecisionBodyEncoder();
        final byte[] out = new byte[JournalRecordLayout.MAX_BODY_LENGTH + 64];
        final long[] words = {1L, 2L, 3L, 4L};
        final byte[] digest = new byte[32];
        digest[5] = 9;
        final String same = "looking up the order";
        final StringBuilder changing = new StringBuilder("refund under 50 € for dispute #4411");
        final long[] id = {0};
        assertEquals(0, allocatedBytes(() -> {
            final long n = id[0]++;
            packed.begin(out, 0, true).operation(Operation.FAN_OUT_CHILD).presenter(42).requestId(n).grantId(1)
                .children(2);
            packed.child(7).decisionId(n).outcome(DecisionOutcome.ALLOW)
                .scope(3, 3, words, 4, words, 4).inputDigest(digest, 0).outputDigest(digest, 0).justification(same);
            packed.child(8).decisionId(n + 1).outcome(DecisionOutcome.DENY).justification(changing);
            final int length = packed.end();
            if (length < 0) {
                packed.copyBody(out, 0);
            }
            return length + packed.length();
        }));
    }
}
