package dev.baton.codec;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class JournalChainTest {
    private static final byte[] KEY = new byte[32];
    private static final byte[] OTHER_KEY = new byte[32];

    static {
        Arrays.fill(KEY, (byte)7);
        Arrays.fill(OTHER_KEY, (byte)9);
    }

    private final UnsafeBuffer records = new UnsafeBuffer(new byte[4096]);
    private final UnsafeBuffer seal = new UnsafeBuffer(new byte[SealBodyLayout.BLOCK_LENGTH]);
    private final JournalHasher hasher = new JournalHasher();
    private final SealBodyDecoder decoder = new SealBodyDecoder();

    private int record(final int at, final long sequence, final String text) {
        final byte[] body = text.getBytes(StandardCharsets.UTF_8);
        return hasher.seal(new JournalRecordEncoder().wrap(records, at).sequence(sequence).recordType(1)
            .body(new UnsafeBuffer(body), 0, body.length));
    }

    /** Writes two records and seals them with {@code writer}; returns the records' total length. */
    private int writeBatch(final JournalChain writer) {
        final int first = record(0, 0, "open task");
        final int second = record(first, 1, "delegate");
        writer.add(records, 0, first);
        writer.add(records, first, second);
        assertEquals(SealBodyLayout.BLOCK_LENGTH, writer.seal(seal, 0, 2, 0));
        return first + second;
    }

    private JournalChain.Verdict check(final JournalChain reader, final int length, final int split) {
        reader.add(records, 0, split);
        reader.add(records, split, length - split);
        assertEquals(CodecError.OK, decoder.wrap(seal, 0, SealBodyLayout.BLOCK_LENGTH, null));
        return reader.verify(decoder, 2);
    }

    @Test
    void shouldSealABatchAddedAtOnceAsTheSameRecordsAddedOneByOne() {
        final JournalChain oneByOne = new JournalChain(KEY);
        final int length = writeBatch(oneByOne);
        final byte[] expected = new byte[SealBodyLayout.BLOCK_LENGTH];
        seal.getBytes(0, expected);
        final JournalChain atOnce = new JournalChain(KEY);
        atOnce.addAll(records, 0, length, 2);
        assertEquals(2, atOnce.pendingRecords());
        assertEquals(length, atOnce.pendingBytes());
        atOnce.seal(seal, 0, 2, 0);
        final byte[] actual = new byte[SealBodyLayout.BLOCK_LENGTH];
        seal.getBytes(0, actual);
        assertArrayEquals(expected, actual, "same count, head and mac");
        assertArrayEquals(oneByOne.head(), atOnce.head());
    }

    @Test
    void shouldVerifyASealWrittenUnderTheSameKeyAndMoveToItsHead() {
        final JournalChain writer = new JournalChain(KEY);
        final int length = writeBatch(writer);
        final JournalChain reader = new JournalChain(KEY);
        assertEquals(JournalChain.Verdict.OK, check(reader, length, record(0, 0, "open task")));
        assertArrayEquals(writer.head(), reader.head());
        assertFalse(Arrays.equals(new byte[32], reader.head()));
    }

    @Test
    void shouldFindAChangedByteInASealedRecordAsAWrongHead() {
        final int length = writeBatch(new JournalChain(KEY));
        final int split = record(0, 0, "open task");
        records.putByte(split + 20, (byte)'X');
        hasher.seal(records, split, length - split - JournalRecordLayout.RECORD_CRC_LENGTH);
        assertEquals(JournalChain.Verdict.WRONG_HEAD, check(new JournalChain(KEY), length, split));
    }

    @Test
    void shouldRejectASealRecomputedWithoutTheKey() {
        final int length = writeBatch(new JournalChain(OTHER_KEY));
        final int split = record(0, 0, "open task");
        assertEquals(JournalChain.Verdict.BAD_MAC, check(new JournalChain(KEY), length, split));
        assertEquals(JournalChain.Verdict.OK, check(new JournalChain(null), length, split),
            "a reader without the key checks the heads only");
    }

    @Test
    void shouldRefuseAnUnkeyedSealWhenTheReaderHoldsTheKey() {
        final int length = writeBatch(new JournalChain(null));
        final int split = record(0, 0, "open task");
        assertEquals(JournalChain.Verdict.NOT_KEYED, check(new JournalChain(KEY), length, split));
    }

    @Test
    void shouldRejectASealOverAnotherNumberOfRecords() {
        final int length = writeBatch(new JournalChain(KEY));
        final JournalChain reader = new JournalChain(KEY);
        reader.add(records, 0, length);
        assertEquals(CodecError.OK, decoder.wrap(seal, 0, SealBodyLayout.BLOCK_LENGTH, null));
        assertEquals(JournalChain.Verdict.WRONG_COUNT, reader.verify(decoder, 2));
    }

    @Test
    void shouldContinueFromACopyAsTheOriginalWould() {
        final JournalChain writer = new JournalChain(KEY);
        final int first = record(0, 0, "open task");
        writer.add(records, 0, first);
        final JournalChain copy = writer.copy();
        final UnsafeBuffer other = new UnsafeBuffer(new byte[SealBodyLayout.BLOCK_LENGTH]);
        writer.seal(seal, 0, 1, 0);
        copy.seal(other, 0, 1, 0);
        assertEquals(0, seal.compareTo(other));
        assertEquals(0, writer.pendingRecords());
    }
}
