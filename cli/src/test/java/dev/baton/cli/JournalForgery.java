package dev.baton.cli;

import dev.baton.codec.CodecError;
import dev.baton.codec.JournalChain;
import dev.baton.codec.JournalHasher;
import dev.baton.codec.JournalRecordDecoder;
import dev.baton.codec.JournalRecordLayout;
import dev.baton.codec.SealBodyDecoder;
import dev.baton.codec.SealBodyLayout;
import dev.baton.engine.RecordType;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What an attacker who can write the journal's files (but holds neither the journal key nor the
 * checkpoint private key) can do: read the records raw, drop some, renumber the rest, recompute every
 * CRC, SEAL head and mac under a key of their own, and write the result as a new journal. Test-only; the
 * engine's tests have the same tool, which the command line's tests cannot reach (it is not in a test jar).
 */
final class JournalForgery {
    private JournalForgery() {
    }

    /** @return every record of the journal, raw, SEALs included. */
    static List<byte[]> records(final Path dir) {
        final List<byte[]> out = new ArrayList<>();
        try (SingleChronicleQueue q = SingleChronicleQueueBuilder.single(dir.toFile()).readOnly(true).build();
             ExcerptTailer tailer = q.createTailer()) {
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        return out;
                    }
                    final Bytes<?> bytes = dc.wire().bytes();
                    final byte[] record = new byte[(int) bytes.readRemaining()];
                    bytes.read(record);
                    out.add(record);
                }
            }
        }
    }

    /** Writes {@code records} as a new journal in {@code dir}. */
    static void write(final Path dir, final List<byte[]> records) {
        try (SingleChronicleQueue q = SingleChronicleQueueBuilder.single(dir.toFile()).rollCycle(RollCycles.FAST_DAILY)
                .build();
             ExcerptAppender appender = q.createAppender()) {
            for (final byte[] r : records) {
                try (DocumentContext dc = appender.writingDocument()) {
                    dc.wire().bytes().write(r);
                }
            }
        }
    }

    static int type(final byte[] record) {
        return new UnsafeBuffer(record).getShort(JournalRecordLayout.RECORD_TYPE_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /** @return the index of the {@code n}th record (0-based) of {@code type}. */
    static int indexOf(final List<byte[]> records, final int type, final int n) {
        int seen = 0;
        for (int i = 0; i < records.size(); i++) {
            if (type(records.get(i)) == type && seen++ == n) {
                return i;
            }
        }
        throw new AssertionError("no record " + n + " of type " + type);
    }

    /**
     * Renumbers every record from {@code from} on, recomputes every CRC, SEAL count, head and mac (under
     * {@code key}, the attacker's), keeping each SEAL where it was: a consistent journal, short of the key.
     */
    static List<byte[]> reseal(final List<byte[]> records, final byte[] key, final int from) {
        final JournalChain chain = new JournalChain(key);
        final JournalRecordDecoder decoder = new JournalRecordDecoder();
        final SealBodyDecoder seal = new SealBodyDecoder();
        final List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            final byte[] r = records.get(i).clone();
            if (i < from) {
                if (type(r) == RecordType.SEAL) {
                    chain.seal(new UnsafeBuffer(new byte[SealBodyLayout.BLOCK_LENGTH]), 0, i, 0);
                } else {
                    chain.add(new UnsafeBuffer(r), 0, r.length);
                }
                out.add(r);
                continue;
            }
            final UnsafeBuffer b = new UnsafeBuffer(r);
            b.putLong(JournalRecordLayout.SEQUENCE_OFFSET, i, ByteOrder.LITTLE_ENDIAN);
            if (type(r) == RecordType.SEAL) {
                assertEquals(CodecError.OK, decoder.wrap(b, 0, r.length, null));
                assertEquals(CodecError.OK, seal.wrap(b, decoder.bodyOffset(), decoder.bodyLength(), null));
                chain.seal(b, decoder.bodyOffset(), i, seal.flags() & SealBodyLayout.FLAG_VOID);
                recrc(b, r.length);
            } else {
                recrc(b, r.length); // the chain hashes the record with its CRC
                chain.add(b, 0, r.length);
            }
            out.add(r);
        }
        return out;
    }

    private static void recrc(final UnsafeBuffer record, final int length) {
        new JournalHasher().seal(record, 0, length - JournalRecordLayout.RECORD_CRC_LENGTH);
    }
}
