package dev.baton.bench;

import dev.baton.codec.BodyPacker;
import dev.baton.codec.CompactDecisionBodies;
import dev.baton.codec.DecisionBodyEncoder;
import dev.baton.codec.DecisionOutcome;
import dev.baton.codec.JournalRecordLayout;
import dev.baton.codec.Operation;
import dev.baton.codec.PackedDecisionBodyEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * What the engine thread spends to turn one decided {@code authorize} into the bytes it journals, in the full
 * DECISION body (what the engine wrote before the compact form) and in the compact one
 * ({@code CompactDecisionLayout}, what it writes now), each encoded and then packed against the authorize
 * before it, as a batch packs it: single-threaded, so the ratio of the two holds on a noisy machine. The
 * values are those of the pipeline's authorize (a justified call, no scope, no digest; a 35-byte justification
 * where the pipeline's has 13 bytes); the decision id,
 * request id and grant change from one call to the next. {@link #expand} measures what a reader pays back.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsPrepend = {JvmFlags.MISC, JvmFlags.NIO, JvmFlags.REFLECT, JvmFlags.REF, JvmFlags.LANG,
    JvmFlags.JAVAC, JvmFlags.NO_ANALYTICS, JvmFlags.NO_BANNER})
public class CompactDecisionBenchmark {
    private static final String JUSTIFICATION = "looking up the order for the refund";
    private static final byte[] NO_DIGEST = new byte[32];

    /** The two forms' buffers: the body, the one before it, the packed output. */
    @State(Scope.Thread)
    public static class Bodies {
        final DecisionBodyEncoder encoder = new DecisionBodyEncoder();
        final UnsafeBuffer[] bodies = {new UnsafeBuffer(new byte[1024]), new UnsafeBuffer(new byte[1024])};
        final UnsafeBuffer base = new UnsafeBuffer(0, 0);
        final UnsafeBuffer packed = new UnsafeBuffer(new byte[1024]);
        final UnsafeBuffer expanded = new UnsafeBuffer(new byte[1024]);
        final long[] words = new long[64];
        final PackedDecisionBodyEncoder packedEncoder = new PackedDecisionBodyEncoder();
        final byte[] out = new byte[JournalRecordLayout.MAX_BODY_LENGTH + 64];
        int turn;
        long id = 1;
        int compactLength;

        @Setup
        public void setUp() {
            compactLength = compact(this);
            base.wrap(bodies[turn], 0, compactLength);
            final int full = full(this);
            System.out.printf("%n[an authorize: %d bytes full, %d compact]%n", full, compactLength);
        }
    }

    /** @return the packed length of a full DECISION body. */
    @Benchmark
    public int fullEncodeThenPack(final Bodies b) {
        return pack(b, full(b));
    }

    /** @return the packed length of a compact DECISION body. */
    @Benchmark
    public int compactEncodeThenPack(final Bodies b) {
        return pack(b, compact(b));
    }

    /**
     * @return the packed length of the same compact DECISION body, encoded straight into its packed form
     *     ({@code PackedDecisionBodyEncoder}, what the engine thread does now): the same bytes as {@link
     *     #compactEncodeThenPack}.
     */
    @Benchmark
    public int compactPackedAsEncoded(final Bodies b) {
        final long id = b.id++;
        b.packedEncoder.begin(b.out, 0, true).operation(Operation.AUTHORIZE).approve(false).viaWarrant(false)
            .refusedBefore(0).principal(-1).presenter(7).purpose(-1).rule(-1).capability(3).dataClass(1)
            .requestId(1_000_000 + id).grantId(40_000 + (id & 1023)).ttlMillis(0).children(1)
            .child(12).outcome(DecisionOutcome.ALLOW).depth(2).reasonCode(0).flags(0)
            .decisionId(id).timestamp(1_764_950_400_000L).policyVersion(0x1234_5678_9ABCL)
            .childGrantId(40_000 + (id & 1023)).parentGrantId(30_000).expiresAt(1_764_954_000_000L).ruleLine(41)
            .decidingCapability(3).decidingDataClass(1).subject(-1).justification(JUSTIFICATION);
        return b.packedEncoder.end();
    }

    /** @return the length of a compact DECISION body, not packed. */
    @Benchmark
    public int compactEncode(final Bodies b) {
        return compact(b);
    }

    /** @return the length of a full DECISION body, not packed. */
    @Benchmark
    public int fullEncode(final Bodies b) {
        return full(b);
    }

    /** @return the length of the DECISION body a compact one expands to. */
    @Benchmark
    public int expand(final Bodies b) {
        return CompactDecisionBodies.expand(b.base, 0, b.base.capacity(), b.expanded, 0, null);
    }

    private static int pack(final Bodies b, final int length) {
        final UnsafeBuffer body = b.bodies[b.turn];
        final int packed = BodyPacker.pack(body, 0, length, b.base, b.packed, 0, length - 1);
        b.base.wrap(body, 0, length); // the next one packs against this one, as in a batch
        b.turn ^= 1;
        return packed;
    }

    private static DecisionBodyEncoder header(final Bodies b) {
        final long id = b.id++;
        return b.encoder.wrap(b.bodies[b.turn], 0).operation(Operation.AUTHORIZE).approve(false).viaWarrant(false)
            .refusedBefore(0).principal(-1).presenter(7).purpose(-1).rule(-1).capability(3).dataClass(1)
            .requestId(1_000_000 + id).grantId(40_000 + (id & 1023)).ttlMillis(0);
    }

    static int full(final Bodies b) {
        final long id = b.id;
        final DecisionBodyEncoder body = header(b);
        body.childForEveryField(12).operation(Operation.AUTHORIZE).outcome(DecisionOutcome.ALLOW).depth(2)
            .reasonCode(0).flags(0).decisionId(id).requestId(1_000_000 + id).timestamp(1_764_950_400_000L)
            .policyVersion(0x1234_5678_9ABCL).grantId(40_000 + (id & 1023)).parentGrantId(30_000)
            .expiresAt(1_764_954_000_000L).ruleLine(41).decidingCapability(3).decidingDataClass(1).holder(7)
            .subject(-1).purpose(-1).inputDigest(NO_DIGEST, 0).outputDigest(NO_DIGEST, 0)
            .grantedData(0).requestedData(0).grantedCapabilities(b.words, 0).requestedCapabilities(b.words, 0)
            .justification(JUSTIFICATION);
        return body.encodedLength();
    }

    static int compact(final Bodies b) {
        final long id = b.id;
        final DecisionBodyEncoder body = header(b);
        body.compactChildForEveryField(12).outcome(DecisionOutcome.ALLOW).depth(2).reasonCode(0).flags(0)
            .decisionId(id).timestamp(1_764_950_400_000L).policyVersion(0x1234_5678_9ABCL)
            .grantId(40_000 + (id & 1023)).parentGrantId(30_000).expiresAt(1_764_954_000_000L).ruleLine(41)
            .decidingCapability(3).decidingDataClass(1).subject(-1).justification(JUSTIFICATION);
        return body.encodedLength();
    }
}
