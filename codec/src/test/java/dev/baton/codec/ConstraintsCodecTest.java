package dev.baton.codec;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A constraint list round-trips, and hostile lists are refused naming what is wrong. */
class ConstraintsCodecTest {
    private final byte[] buffer = new byte[ConstraintsLayout.MAX_LENGTH];
    private final ConstraintsDecoder decoder = new ConstraintsDecoder();
    private final ErrorDetail detail = new ErrorDetail();

    private int encodeSample() {
        return new ConstraintsEncoder().begin(buffer, 0)
            .range(0, 1, 50_000)
            .texts(1, ConstraintsLayout.ONE_OF_TEXT, "EUR", "USD")
            .texts(2, ConstraintsLayout.REGEX, "ord-[0-9]{4,8}")
            .numbers(3, ConstraintsLayout.ONE_OF_NUMBER, -5, 7, 9)
            .end();
    }

    @Test
    void shouldRoundTripEveryKindOfEntry() {
        final int length = encodeSample();
        assertEquals(CodecError.OK, decoder.wrap(buffer, 0, length, detail), detail::message);
        assertEquals(4, decoder.count());
        assertEquals(length, decoder.length());
        assertEquals(ConstraintsLayout.RANGE, decoder.kind(0));
        assertEquals(50_000, decoder.number(0, 1));
        final byte[] text = new byte[ConstraintsLayout.MAX_TEXT];
        assertEquals("USD", new String(text, 0, decoder.text(1, 1, text), StandardCharsets.UTF_8));
        assertEquals("ord-[0-9]{4,8}", new String(text, 0, decoder.text(2, 0, text), StandardCharsets.UTF_8));
        assertEquals(3, decoder.valueCount(3));
        assertEquals(9, decoder.number(3, 2));
        assertEquals(length, decoder.wrapLeading(buffer, 0, buffer.length, detail), "a leading list measures itself");
    }

    @Test
    void shouldAcceptTwoEntriesOfOneKindOnOneArgument() {
        final int both = new ConstraintsEncoder().begin(buffer, 0).range(1, 0, 500).range(1, 0, 200).end();
        assertEquals(CodecError.OK, decoder.wrap(buffer, 0, both, detail), detail::message);
        assertEquals(2, decoder.count());
    }

    @Test
    void shouldRejectHostileLists() {
        final int length = encodeSample();
        assertEquals(CodecError.BAD_LENGTH, decoder.wrap(buffer, 0, length + 1, detail), "trailing byte");
        assertEquals(CodecError.TRUNCATED, decoder.wrap(buffer, 0, length - 1, detail), "cut short");
        buffer[3] = 9;
        assertEquals(CodecError.BAD_VALUE, decoder.wrap(buffer, 0, length, detail), "unknown kind");
        assertEquals("constraints.kind", detail.field());
        assertEquals(-1, decoder.wrapLeading(buffer, 0, length, detail));
        encodeSample();
        LittleEndian.putLong(buffer, 4, 60_000);
        assertEquals(CodecError.BAD_VALUE, decoder.wrap(buffer, 0, length, detail), "reversed range");
        assertEquals("constraints.range", detail.field());
        encodeSample();
        buffer[0] = 17;
        assertEquals(CodecError.BAD_COUNT, decoder.wrap(buffer, 0, length, detail), "too many entries");
        final int backwards = new ConstraintsEncoder().begin(buffer, 0).range(2, 0, 1).range(1, 0, 2).end();
        assertEquals(CodecError.BAD_VALUE, decoder.wrap(buffer, 0, backwards, detail), "entries out of order");
        assertEquals("constraints.order", detail.field());
        final int same = new ConstraintsEncoder().begin(buffer, 0)
            .texts(0, ConstraintsLayout.ONE_OF_TEXT, "a", "a").end();
        assertEquals(CodecError.BAD_VALUE, decoder.wrap(buffer, 0, same, detail), "duplicate value");
        assertEquals(0, decoder.count(), "a refused list leaves no entry to read");
        assertEquals(CodecError.BAD_LENGTH, decoder.wrap(null, 0, 1, detail), "no bytes");
    }
}
