package dev.baton.bench;

import dev.baton.codec.CodecError;
import dev.baton.codec.DecisionEncoder;
import dev.baton.codec.DecisionLayout;
import dev.baton.codec.DecisionOutcome;
import dev.baton.codec.ErrorDetail;
import dev.baton.codec.JournalHasher;
import dev.baton.codec.JournalRecordEncoder;
import dev.baton.codec.JournalRecordLayout;
import dev.baton.codec.KeyRing;
import dev.baton.codec.Operation;
import dev.baton.codec.WarrantAuthenticator;
import dev.baton.codec.WarrantDecoder;
import dev.baton.codec.WarrantEncoder;
import dev.baton.codec.WarrantLayout;

import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The codec on the typical warrant of {@code docs/wire-format.md} (3 hops, a 256-capability scope in 4
 * words, every field set: 143 bytes signed) with HMAC-SHA256, plus a delegate decision (4 + 4 scope
 * words, a justification) and its journal record with its CRC32C (format 2: the SHA-256 is per batch,
 * {@link JournalSealBenchmark}). Heap buffers.
 */
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {JvmFlags.MISC, JvmFlags.NIO, JvmFlags.REFLECT, JvmFlags.REF, JvmFlags.LANG,
    JvmFlags.JAVAC, JvmFlags.NO_ANALYTICS, JvmFlags.NO_BANNER})
public class CodecBenchmark {
    static final long NOW = 1_767_225_600_000L;
    static final int HOLDER = 42;

    /** Encoders, decoders, keys and buffers, prepared once. */
    @State(Scope.Thread)
    public static class Codec {
        final WarrantAuthenticator authenticator = new WarrantAuthenticator(new KeyRing(60_000L, 7, secret()));
        final WarrantEncoder warrantEncoder = new WarrantEncoder();
        final WarrantDecoder warrantDecoder = new WarrantDecoder();
        final DecisionEncoder decisionEncoder = new DecisionEncoder();
        final JournalRecordEncoder recordEncoder = new JournalRecordEncoder();
        final JournalHasher hasher = new JournalHasher();
        final ErrorDetail detail = new ErrorDetail();
        final UnsafeBuffer encodeBuffer = new UnsafeBuffer(new byte[1024]);
        final UnsafeBuffer signed = new UnsafeBuffer(new byte[1024]);
        final UnsafeBuffer decisionBuffer = new UnsafeBuffer(new byte[1024]);
        final UnsafeBuffer recordBuffer = new UnsafeBuffer(new byte[1024]);
        final long[] words = {0x0123_4567_89AB_CDEFL, -1L, 0x5555_5555_5555_5555L, Long.MIN_VALUE};
        final int[] hops = {11, 23, HOLDER};
        final int[] hopPurposes = {5, 5, 5};
        final byte[] digest = new byte[32];
        final String justificationText = "refund under 50 EUR for dispute #4411";
        final byte[] justification = justificationText.getBytes(StandardCharsets.UTF_8);
        int signedLength;
        /**
         * Distinct warrants (grant ids apart), four times as many as the authenticator's per-thread cache
         * holds: taken in turn, each is verified afresh (its HMAC computed), as a warrant seen the first time.
         */
        final UnsafeBuffer[] fresh = new UnsafeBuffer[4 * 256];
        int next;

        @Setup(Level.Trial)
        public void setUp() {
            for (int i = 0; i < fresh.length; i++) {
                fresh[i] = new UnsafeBuffer(new byte[160]);
                encodeAndSign(this, fresh[i], 2_000_000L + i);
            }
            signedLength = encodeAndSign(this, signed);
            final CodecError verified = authenticator.verify(signed, 0, signedLength, HOLDER, NOW, warrantDecoder,
                detail);
            if (verified != CodecError.OK || signedLength != 143) {
                throw new IllegalStateException("typical warrant: " + verified + " length=" + signedLength);
            }
        }

        private static byte[] secret() {
            final byte[] secret = new byte[32];
            for (int i = 0; i < secret.length; i++) {
                secret[i] = (byte) (31 + i * 7);
            }
            return secret;
        }
    }

    static int encodeAndSign(final Codec c, final UnsafeBuffer buffer) {
        return encodeAndSign(c, buffer, 1_000_003L);
    }

    static int encodeAndSign(final Codec c, final UnsafeBuffer buffer, final long grantId) {
        c.warrantEncoder.wrap(buffer, 0)
            .flags(WarrantLayout.FLAG_EXTERNAL)
            .principal(3)
            .grantId(grantId)
            .parentId(1_000_002L)
            .rootId(1_000_001L)
            .holder(HOLDER)
            .purpose(5)
            .depth(2)
            .validity(NOW, NOW + 15 * 60_000L)
            .policyVersion(0x7A3B_91C2_44D0_1E6FL)
            .dataClasses(0b1011L)
            .capabilities(c.words, c.words.length)
            .chain(c.hops, c.hopPurposes, c.hops.length);
        return c.authenticator.sign(c.warrantEncoder);
    }

    static int encodeDecision(final Codec c, final UnsafeBuffer buffer, final int offset) {
        return delegateDecision(c, buffer, offset).justification(c.justification, 0, c.justification.length)
            .encodedLength();
    }

    /** A delegate decision with both scopes, up to its justification. */
    static DecisionEncoder delegateDecision(final Codec c, final UnsafeBuffer buffer, final int offset) {
        return delegateFields(c, c.decisionEncoder.wrap(buffer, offset));
    }

    /** The fields of {@link #delegateDecision}, written by {@code e}. */
    private static DecisionEncoder delegateFields(final Codec c, final DecisionEncoder e) {
        return e
            .operation(Operation.DELEGATE).outcome(DecisionOutcome.ALLOW).depth(2).flags(0)
            .decisionId(9_001).requestId(77).timestamp(NOW).policyVersion(0x7A3B_91C2_44D0_1E6FL)
            .grantId(1_000_004L).parentGrantId(1_000_003L).expiresAt(NOW + 300_000L)
            .grantedData(0b1011L).requestedData(0b1011L).holder(HOLDER).subject(51).purpose(5)
            .inputDigest(c.digest, 0).outputDigest(c.digest, 0)
            .grantedCapabilities(c.words, 4).requestedCapabilities(c.words, 4);
    }

    /** Encode the typical warrant and sign it (HMAC-SHA256, 16-byte tag). */
    @Benchmark
    public int warrantEncodeSign(final Codec c) {
        return encodeAndSign(c, c.encodeBuffer);
    }

    /** Decode and verify a presented warrant: structure, key, MAC, holder; then read a field. */
    @Benchmark
    public void warrantDecodeVerify(final Codec c, final Blackhole bh) {
        final UnsafeBuffer w = c.fresh[c.next++ & (c.fresh.length - 1)];
        bh.consume(c.authenticator.verify(w, 0, c.signedLength, HOLDER, NOW, c.warrantDecoder, c.detail));
        bh.consume(c.warrantDecoder.grantId());
    }

    /**
     * The same warrant presented again (the holder's next call with it): its bytes are in the thread's cache
     * of verified warrants, so the MAC is not computed again; structure, key and holder are still checked.
     */
    @Benchmark
    public void warrantDecodeVerifyAgain(final Codec c, final Blackhole bh) {
        bh.consume(c.authenticator.verify(c.signed, 0, c.signedLength, HOLDER, NOW, c.warrantDecoder, c.detail));
        bh.consume(c.warrantDecoder.grantId());
    }

    /** Decode only (structure checks, no MAC): the part of decode + verify that is not HMAC. */
    @Benchmark
    public void warrantDecode(final Codec c, final Blackhole bh) {
        bh.consume(c.warrantDecoder.wrap(c.signed, 0, c.signedLength, c.detail));
        bh.consume(c.warrantDecoder.grantId());
    }

    /** Encode a delegate decision with both scopes and a justification. */
    @Benchmark
    public int decisionEncode(final Codec c) {
        return encodeDecision(c, c.decisionBuffer, 0);
    }

    /**
     * As {@link #decisionEncode}, the justification given as a {@code String} (as requests carry it): encoded
     * to UTF-8 in place.
     */
    @Benchmark
    public int decisionEncodeText(final Codec c) {
        return delegateDecision(c, c.decisionBuffer, 0).justification(c.justificationText).encodedLength();
    }

    /**
     * As {@link #decisionEncode}, with every fixed field set (the ones {@link #decisionEncode} leaves at their
     * defaults too), so the block is not zeroed first: {@code DecisionEncoder.wrapForEveryField}, as the
     * engine writes its DECISION records.
     */
    @Benchmark
    public int decisionEncodeEveryField(final Codec c) {
        return delegateFields(c, c.decisionEncoder.wrapForEveryField(c.decisionBuffer, 0))
            .reasonCode(0).ruleLine(0).decidingCapability(DecisionLayout.NONE).decidingDataClass(DecisionLayout.NONE)
            .justification(c.justification, 0, c.justification.length).encodedLength();
    }

    /** A journal record: header, the decision encoded in place, its CRC32C (the SEAL's SHA-256 is per batch). */
    @Benchmark
    public int journalRecordSeal(final Codec c) {
        c.recordEncoder.wrap(c.recordBuffer, 0).sequence(17).recordType(JournalRecordLayout.RECORD_TYPE_DECISION);
        final int body = encodeDecision(c, c.recordBuffer, c.recordEncoder.bodyOffset());
        return c.hasher.seal(c.recordEncoder.bodyLength(body));
    }
}
