package dev.baton.engine;

import dev.baton.codec.BodyPacker;
import dev.baton.codec.CodecError;
import dev.baton.codec.JournalRecordEncoder;
import dev.baton.codec.JournalChain;
import dev.baton.codec.JournalHasher;
import dev.baton.codec.JournalRecordDecoder;
import dev.baton.codec.JournalRecordLayout;
import dev.baton.codec.SealBodyDecoder;
import dev.baton.codec.SealBodyLayout;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an attacker who can write the journal's files can do: read its records raw, change, drop or
 * reorder them, recompute every CRC and SEAL head (and macs under a key of their own), and write the
 * result as a new journal. Test-only; published in the engine's test jar for the command line's tests.
 */
public final class JournalForgery {
    private JournalForgery() {
    }

    /** @return every record of the journal, raw, SEALs included (a document holds a batch, or one record). */
    public static List<byte[]> records(final Path dir) {
        final List<byte[]> out = new ArrayList<>();
        for (final byte[] document : documents(dir)) {
            out.addAll(split(document));
        }
        return out;
    }

    /**
     * @return the records lying one after the other in {@code bytes} (a document), walked by their headers;
     *     bytes left over that hold no whole record come last, as they are.
     */
    public static List<byte[]> split(final byte[] bytes) {
        final List<byte[]> out = new ArrayList<>();
        final UnsafeBuffer b = new UnsafeBuffer(bytes);
        int at = 0;
        while (bytes.length - at >= JournalRecordLayout.BLOCK_LENGTH) {
            final long length = JournalRecordLayout.MIN_LENGTH
                + (b.getInt(at + JournalRecordLayout.BODY_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL);
            if (at + length > bytes.length) {
                break;
            }
            out.add(java.util.Arrays.copyOfRange(bytes, at, at + (int) length));
            at += (int) length;
        }
        if (at < bytes.length) {
            out.add(java.util.Arrays.copyOfRange(bytes, at, bytes.length));
        }
        return out;
    }

    /** @return every Chronicle document of the journal, raw: the engine writes a sealed batch per document. */
    public static List<byte[]> documents(final Path dir) {
        final List<byte[]> out = new ArrayList<>();
        try (SingleChronicleQueue q = SingleChronicleQueueBuilder.single(dir.toFile()).readOnly(true).build();
             ExcerptTailer tailer = q.createTailer()) {
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        return out;
                    }
                    final Bytes<?> bytes = dc.wire().bytes();
                    final byte[] document = new byte[(int) bytes.readRemaining()];
                    bytes.read(document);
                    out.add(document);
                }
            }
        }
    }

    /** Writes {@code records} as a new journal in {@code dir}, one record per document (as the fleet's copies are). */
    public static void write(final Path dir, final List<byte[]> records) {
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

    public static int type(final byte[] record) {
        return new UnsafeBuffer(record).getShort(JournalRecordLayout.RECORD_TYPE_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /** @return the index of the {@code n}th record (0-based) of {@code type}. */
    public static int indexOf(final List<byte[]> records, final int type, final int n) {
        int seen = 0;
        for (int i = 0; i < records.size(); i++) {
            if (type(records.get(i)) == type && seen++ == n) {
                return i;
            }
        }
        throw new AssertionError("no record " + n + " of type " + type);
    }

    /**
     * @return the record with byte {@code index} of its (unpacked) body as stored (a DECISION's compact) flipped,
     *     packed again as the engine
     *     would, its CRC recomputed: a well-formed record that says something else. A record packed against
     *     the one before it stays so: its decoded body has the byte flipped, and so do the records after it
     *     in its batch that are packed against it.
     */
    public static byte[] changeBody(final byte[] record, final int index) {
        final JournalRecordDecoder decoder = new JournalRecordDecoder();
        final UnsafeBuffer in = new UnsafeBuffer(record);
        assertEquals(CodecError.OK, decoder.wrap(in, 0, record.length, null));
        final UnsafeBuffer body = new UnsafeBuffer(new byte[JournalRecordLayout.MAX_BODY_LENGTH]);
        int length = decoder.bodyLength();
        if ((decoder.flags() & JournalRecordLayout.FLAG_PACKED) != 0) {
            length = BodyPacker.unpack(in, decoder.bodyOffset(), length, body, 0, body.capacity());
        } else {
            body.putBytes(0, in, decoder.bodyOffset(), length);
        }
        body.putByte(index, (byte) (body.getByte(index) ^ 1));
        final UnsafeBuffer out = new UnsafeBuffer(new byte[JournalRecordLayout.MAX_LENGTH]);
        final JournalRecordEncoder encoder = new JournalRecordEncoder().wrap(out, 0).sequence(decoder.sequence())
            .recordType(decoder.recordType());
        final int packed = BodyPacker.pack(body, 0, length, out, encoder.bodyOffset(), length - 1);
        // XOR is linear: a delta's byte flips in its decoded body too (and in the records packed against it)
        final int delta = decoder.flags() & JournalRecordLayout.FLAG_DELTA;
        assertTrue(delta == 0 || packed > 0, "a delta stays packed");
        final int form = decoder.flags() & JournalRecordLayout.FLAG_COMPACT; // a compact DECISION stays compact
        if (packed > 0) {
            encoder.flags(JournalRecordLayout.FLAG_PACKED | delta | form).bodyLength(packed);
        } else {
            encoder.flags(form).body(body, 0, length);
        }
        final int total = new JournalHasher().seal(encoder);
        final byte[] result = new byte[total];
        out.getBytes(0, result);
        return result;
    }

    /** Recomputes a record's CRC in place (what anyone can do). */
    public static byte[] recrc(final byte[] record) {
        new JournalHasher().seal(new UnsafeBuffer(record), 0, record.length - JournalRecordLayout.RECORD_CRC_LENGTH);
        return record;
    }

    /**
     * Renumbers every record, recomputes every CRC, SEAL count, head and mac (under {@code key}, the
     * attacker's, or none), keeping each SEAL where it was: a consistent journal, short of the key.
     */
    public static List<byte[]> reseal(final List<byte[]> records, final byte[] key) {
        return reseal(records, key, 0);
    }

    /** As {@link #reseal(List, byte[])}, but leaves the records before {@code from} (and their SEALs' macs) as they were. */
    public static List<byte[]> reseal(final List<byte[]> records, final byte[] key, final int from) {
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
                out.add(recrc(r));
            } else {
                recrc(r);
                chain.add(b, 0, r.length);
                out.add(r);
            }
        }
        return out;
    }
}
