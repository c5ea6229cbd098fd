package dev.baton.bench;

import dev.baton.codec.BodyPacker;
import dev.baton.codec.JournalRecordDecoder;
import dev.baton.codec.JournalRecordLayout;
import dev.baton.engine.FsyncMode;
import dev.baton.engine.JournalReader;
import dev.baton.engine.Request;
import dev.baton.engine.RecordType;

import org.agrona.DirectBuffer;
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

import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;

/**
 * What packing one journal record body costs the engine thread ({@link BodyPacker#pack}), on the DECISION
 * body the pipeline benchmarks journal: the CRM reader's justified {@code authorize}, taken as stored (in its
 * compact form) from a real journal at setup. Unpacking (what readers do) is measured beside it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {JvmFlags.MISC, JvmFlags.NIO, JvmFlags.REFLECT, JvmFlags.REF, JvmFlags.LANG,
    JvmFlags.JAVAC, JvmFlags.NO_ANALYTICS, JvmFlags.NO_BANNER})
public class BodyPackerBenchmark {
    /** The body, its packed form and the buffers. */
    @State(Scope.Thread)
    public static class Bodies {
        /** Policy file, resolved as in {@link PolicyFiles#resolve(String)}. */
        @Param({"src/policies/refund-dispute.yaml"})
        public String policy;
        final UnsafeBuffer body = new UnsafeBuffer(new byte[1024]);
        /** The authorize decided just before {@link #body}: its base in a batch. */
        final UnsafeBuffer before = new UnsafeBuffer(new byte[1024]);
        final UnsafeBuffer base = new UnsafeBuffer(0, 0);
        final UnsafeBuffer deltaPacked = new UnsafeBuffer(new byte[1024]);
        final UnsafeBuffer packed = new UnsafeBuffer(new byte[1024]);
        final UnsafeBuffer unpacked = new UnsafeBuffer(new byte[1024]);
        int length;
        int packedLength;

        private int copy(final DirectBuffer from, final int offset, final int bodyLength) {
            body.putBytes(0, from, offset, bodyLength);
            return bodyLength;
        }

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            final Path dir;
            try (JournaledDispute dispute = new JournaledDispute(policy, FsyncMode.NONE, InstantSource.system())) {
                final Request r = new Request();
                for (int id = 1; id <= 2; id++) { // two authorizes, as a batch holds them one after the other
                    dispute.authorize(r, id);
                    dispute.engine.decide(r, 10, TimeUnit.SECONDS);
                }
                dir = dispute.dir;
                dispute.engine.close();
                try (JournalReader reader = new JournalReader(dir)) {
                    final JournalRecordDecoder record = new JournalRecordDecoder();
                    reader.readWhole((s, type, b, o, l) -> { // the bodies as stored: compact, packed
                        if (type == RecordType.DECISION) { // the last two DECISIONs: the authorizes
                            before.putBytes(0, body, 0, length);
                            base.wrap(before, 0, length);
                            record.wrap(b, o, l, null);
                            if ((record.flags() & JournalRecordLayout.FLAG_DELTA) != 0) {
                                throw new IllegalStateException("an authorize decided alone was packed as a delta");
                            }
                            length = (record.flags() & JournalRecordLayout.FLAG_PACKED) == 0
                                ? copy(b, record.bodyOffset(), record.bodyLength())
                                : BodyPacker.unpack(b, record.bodyOffset(), record.bodyLength(), body, 0, body.capacity());
                        }
                        return true;
                    }, Long.MAX_VALUE);
                }
            }
            packedLength = BodyPacker.pack(body, 0, length, packed, 0, length - 1);
            if (length <= 0 || packedLength <= 0) {
                throw new IllegalStateException("no packable DECISION body in the journal: " + length);
            }
            System.out.printf("%n[DECISION body: %d bytes, %d packed, %d packed against the authorize before it]%n",
                length, packedLength, BodyPacker.pack(body, 0, length, base, deltaPacked, 0, length - 1));
        }
    }

    /** @return the packed length. */
    @Benchmark
    public int pack(final Bodies b) {
        return BodyPacker.pack(b.body, 0, b.length, b.packed, 0, b.length - 1);
    }

    /** @return the packed length of the body packed against the one before it (as the journal packs a batch). */
    @Benchmark
    public int packAgainstBase(final Bodies b) {
        return BodyPacker.pack(b.body, 0, b.length, b.base, b.deltaPacked, 0, b.length - 1);
    }

    /** @return the unpacked length. */
    @Benchmark
    public int unpack(final Bodies b) {
        return BodyPacker.unpack(b.packed, 0, b.packedLength, b.unpacked, 0, b.unpacked.capacity());
    }
}
