package dev.baton.bench;

import dev.baton.codec.BodyPacker;
import dev.baton.codec.JournalRecordDecoder;
import dev.baton.codec.JournalRecordLayout;
import dev.baton.codec.PackedDecisionBodyEncoder;
import dev.baton.engine.JournalReader;
import dev.baton.engine.RecordType;

import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What packing the demo's DECISION bodies costs the engine thread: the first {@value #BODIES} DECISION bodies
 * of a journal {@code baton demo} wrote, in their order, each packed as the engine packed it (against the
 * DECISION before it in its batch, if the record before it was one) through {@link
 * PackedDecisionBodyEncoder#packEncoded}, the packer under the engine's encoder. Unlike one body packed again
 * and again, the demo's bodies vary from one to the next (operations, children, which words differ from the
 * base), as they do on the engine thread.
 *
 * <pre>
 *   ./baton demo    # writes baton-journal
 *   java -Dbaton.home=. -jar bench/target/benchmarks.jar DemoBodyPackBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {JvmFlags.MISC, JvmFlags.NIO, JvmFlags.REFLECT, JvmFlags.REF, JvmFlags.LANG,
    JvmFlags.JAVAC, JvmFlags.NO_ANALYTICS, JvmFlags.NO_BANNER})
public class DemoBodyPackBenchmark {
    /** DECISION bodies packed per operation (the benchmark's score is per body). */
    static final int BODIES = 4096;

    /** The demo's bodies, as the engine encoded them, and whether each was packed against the one before. */
    @State(Scope.Thread)
    public static class Bodies {
        /** A journal directory {@code baton demo} wrote: as given if it exists, else under {@code baton.home}. */
        @Param({"baton-journal"})
        public String journal;
        final UnsafeBuffer[] bodies = new UnsafeBuffer[BODIES];
        final int[] lengths = new int[BODIES];
        final boolean[] delta = new boolean[BODIES];
        final PackedDecisionBodyEncoder encoder = new PackedDecisionBodyEncoder();
        final byte[] out = new byte[JournalRecordLayout.MAX_BODY_LENGTH + 64];
        private final UnsafeBuffer stored = new UnsafeBuffer(new byte[JournalRecordLayout.MAX_BODY_LENGTH]);
        private final UnsafeBuffer base = new UnsafeBuffer(new byte[JournalRecordLayout.MAX_BODY_LENGTH]);
        private final UnsafeBuffer baseView = new UnsafeBuffer(0, 0);
        private int count;
        private int previousType = -1;

        @Setup(Level.Trial)
        public void setUp() {
            final Path dir = directory(journal);
            final JournalRecordDecoder record = new JournalRecordDecoder();
            try (JournalReader reader = new JournalReader(dir)) {
                reader.readWhole((s, type, b, o, l) -> {
                    record.wrap(b, o, l, null);
                    final int flags = record.flags();
                    final boolean packedAgainstBase = (flags & JournalRecordLayout.FLAG_DELTA) != 0;
                    final int length = (flags & JournalRecordLayout.FLAG_PACKED) == 0
                        ? copy(b, record.bodyOffset(), record.bodyLength())
                        : BodyPacker.unpack(b, record.bodyOffset(), record.bodyLength(), stored, 0, stored.capacity());
                    if (packedAgainstBase) {
                        BodyPacker.xorBase(stored, 0, length, baseView);
                    }
                    if (type == RecordType.DECISION && (flags & JournalRecordLayout.FLAG_COMPACT) != 0) {
                        final UnsafeBuffer body = new UnsafeBuffer(new byte[length]);
                        body.putBytes(0, stored, 0, length);
                        bodies[count] = body;
                        lengths[count] = length;
                        delta[count] = previousType == RecordType.DECISION;
                        count++;
                    }
                    // The next record's base: this body, within the batch (a SEAL ends it).
                    base.putBytes(0, stored, 0, length);
                    baseView.wrap(base, 0, length);
                    previousType = type == RecordType.SEAL ? -1 : type;
                    return count < BODIES;
                }, Long.MAX_VALUE);
            }
            if (count < BODIES) {
                throw new IllegalStateException(dir + " holds " + count + " compact DECISION bodies, fewer than "
                    + BODIES + ": run ./baton demo first");
            }
            int packed = 0;
            long bytes = 0;
            for (int i = 0; i < BODIES; i++) {
                final int n = encoder.begin(out, 0, delta[i]).packEncoded(bodies[i], 0, lengths[i]);
                packed += n > 0 ? 1 : 0;
                bytes += n > 0 ? n : lengths[i];
            }
            System.out.printf("%n[%d DECISION bodies of %s: %.1f bytes on average, %.1f stored, %d packed]%n",
                BODIES, dir, average(lengths), bytes / (double) BODIES, packed);
        }

        private int copy(final UnsafeBuffer from, final int offset, final int length) {
            stored.putBytes(0, from, offset, length);
            return length;
        }

        private static double average(final int[] values) {
            long sum = 0;
            for (final int v : values) {
                sum += v;
            }
            return sum / (double) values.length;
        }

        private static Path directory(final String journal) {
            final Path dir = PolicyFiles.find(journal, Files::isDirectory);
            if (dir == null) {
                throw new IllegalStateException("no journal directory " + journal + ": run ./baton demo first, from "
                    + "the repository or with -Dbaton.home=<repo> (or -p journal=<path>)");
            }
            return dir;
        }
    }

    /** @return the bytes stored for the bodies, as the journal stores each (packed, or as it is). */
    @Benchmark
    @OperationsPerInvocation(BODIES)
    public long packDemoBodies(final Bodies b) {
        long stored = 0;
        for (int i = 0; i < BODIES; i++) {
            final int n = b.encoder.begin(b.out, 0, b.delta[i]).packEncoded(b.bodies[i], 0, b.lengths[i]);
            stored += n > 0 ? n : b.lengths[i];
        }
        return stored;
    }
}
