package dev.baton.bench;

import dev.baton.codec.BodyPacker;
import dev.baton.codec.JournalChain;
import dev.baton.codec.JournalHasher;
import dev.baton.codec.JournalRecordEncoder;
import dev.baton.codec.JournalRecordLayout;
import dev.baton.codec.SealBodyLayout;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.TimeUnit;

/**
 * What sealing one journal record costs the engine thread, format 1 against format 2, in one run so the
 * ratio holds on a noisy machine. The body is a DECISION body of the demo's size, mostly small numbers and
 * zeros ({@link #body}).
 * <ul>
 *   <li>{@link #format1Sha256PerRecord}: frame, then SHA-256 over the whole record (what format 1 did).</li>
 *   <li>{@link #format2CrcAndChain}: frame, body packed, CRC32C, the record added to the batch's running
 *       SHA-256, and every {@code batch} records a SEAL (SHA-256 finish and HMAC-SHA256): per record.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {JvmFlags.MISC, JvmFlags.NIO, JvmFlags.REFLECT, JvmFlags.REF, JvmFlags.LANG,
    JvmFlags.JAVAC, JvmFlags.NO_ANALYTICS, JvmFlags.NO_BANNER})
public class JournalSealBenchmark {
    /** One record's worth of state for either format. */
    @State(Scope.Thread)
    public static class Sealing {
        /** Records per SEAL (a Disruptor batch). */
        @Param({"1", "16", "256"})
        public int batch;
        final UnsafeBuffer body = new UnsafeBuffer(new byte[256]);
        final UnsafeBuffer record = new UnsafeBuffer(new byte[JournalRecordLayout.MAX_LENGTH + 64]);
        final UnsafeBuffer seal = new UnsafeBuffer(new byte[SealBodyLayout.BLOCK_LENGTH]);
        final JournalRecordEncoder encoder = new JournalRecordEncoder();
        final JournalHasher crc = new JournalHasher();
        final byte[] hash = new byte[32];
        final byte[] previous = new byte[32];
        MessageDigest sha;
        JournalChain chain;
        long sequence;

        @Setup(Level.Trial)
        public void setUp() throws NoSuchAlgorithmException {
            sha = MessageDigest.getInstance("SHA-256");
            final byte[] key = new byte[32];
            key[0] = 1;
            chain = new JournalChain(key);
            // A DECISION body's shape: small ids, a timestamp, -1 markers, absent digests, a few scope words.
            for (int i = 0; i < body.capacity(); i += 8) {
                body.putLong(i, i % 64 == 24 ? 1_796_000_000_000L + i : i % 48 == 8 ? -1L : i % 5 == 0 ? 0 : i * 31L);
            }
        }
    }

    /** Format 1: header, previous hash, body, SHA-256 over all of it. @return the record length. */
    @Benchmark
    public int format1Sha256PerRecord(final Sealing s) throws DigestException {
        s.record.putLong(8, s.sequence++);
        s.record.putBytes(16, s.previous);
        s.record.putBytes(48, s.body, 0, s.body.capacity());
        final int length = 48 + s.body.capacity();
        s.sha.update(s.record.byteArray(), 0, length);
        s.sha.digest(s.hash, 0, 32);
        System.arraycopy(s.hash, 0, s.previous, 0, 32);
        return length + 32;
    }

    /** Format 2: frame, packed body, CRC32C, running SHA-256, and a SEAL every {@code batch}. @return the length. */
    @Benchmark
    public int format2CrcAndChain(final Sealing s) {
        s.encoder.wrap(s.record, 0).sequence(s.sequence++).recordType(1);
        final int packed = BodyPacker.pack(s.body, 0, s.body.capacity(), s.record, s.encoder.bodyOffset(),
            s.body.capacity() - 1);
        if (packed > 0) {
            s.encoder.flags(JournalRecordLayout.FLAG_PACKED).bodyLength(packed);
        } else {
            s.encoder.body(s.body, 0, s.body.capacity());
        }
        final int total = s.crc.seal(s.encoder);
        s.chain.add(s.record, 0, total);
        if (s.chain.pendingRecords() >= s.batch) {
            s.chain.seal(s.seal, 0, s.sequence++, 0);
        }
        return total;
    }
}
