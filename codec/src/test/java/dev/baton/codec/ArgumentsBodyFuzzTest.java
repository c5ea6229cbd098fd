package dev.baton.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Fuzzes the decoder of an ARGUMENTS journal record's body: any bytes are decoded or refused, never
 * thrown on, and every accepted body re-encodes to the same bytes. Under {@code ./mvnw verify} it replays
 * the seed corpus in {@code src/test/resources/dev/baton/codec/ArgumentsBodyFuzzTestInputs/}; with
 * {@code JAZZER_FUZZ=1} it fuzzes.
 */
class ArgumentsBodyFuzzTest {
    private static final ArgumentsBodyDecoder DECODER = new ArgumentsBodyDecoder();
    private static final ArgumentsBodyEncoder ENCODER = new ArgumentsBodyEncoder();
    private static final ErrorDetail DETAIL = new ErrorDetail();

    @FuzzTest(maxDuration = "10m")
    void shouldDecodeOrRejectAnyArgumentsBody(final byte[] data) {
        final UnsafeBuffer in = new UnsafeBuffer(data);
        if (DECODER.wrap(in, 0, data.length, DETAIL) != CodecError.OK) {
            return;
        }
        assertArrayEquals(data, reencode(), "an accepted body re-encodes to the same bytes");
    }

    @Test
    void shouldRoundTripArgumentsAndSlices() {
        final UnsafeBuffer buf = new UnsafeBuffer(new byte[256]);
        final UnsafeBuffer text = new UnsafeBuffer("ana@customer.example".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        final int n = ENCODER.wrap(buf, 0).requestId(42).number(3, 2, 1250).bytes(7, text, 0, text.capacity())
            .slice(1, 0, 5000).encodedLength();
        assertEquals(CodecError.OK, DECODER.wrap(buf, 0, n, DETAIL));
        assertEquals(42, DECODER.requestId());
        assertEquals(2, DECODER.argumentCount());
        assertEquals(1250, DECODER.number(0));
        assertEquals(2, DECODER.scale(0));
        assertEquals(7, DECODER.argument(1));
        assertEquals(text.capacity(), DECODER.byteLength(1));
        assertEquals(1, DECODER.sliceCount());
        assertEquals(5000, DECODER.sliceAmount(0));
        assertNotEquals(CodecError.OK, DECODER.wrap(buf, 0, n + 1, DETAIL), "trailing bytes are refused");
        buf.putByte(14, (byte) 19);
        assertEquals(CodecError.BAD_VALUE, DECODER.wrap(buf, 0, n, DETAIL), "a scale of 19 is refused");
    }

    @Test
    void shouldRoundTripRequestedConstraintLists() {
        final byte[] list = new byte[ConstraintsLayout.MAX_LENGTH];
        final int length = new ConstraintsEncoder().begin(list, 0).range(3, 0, 5000).end();
        final UnsafeBuffer buf = new UnsafeBuffer(new byte[256]);
        final int n = ENCODER.wrap(buf, 0).requestId(7).slice(0, 0, 100).constraints(0, list, 0, length)
            .constraints(2, list, 0, length).encodedLength();
        assertEquals(CodecError.OK, DECODER.wrap(buf, 0, n, DETAIL));
        assertEquals(2, DECODER.listCount());
        assertEquals(2, DECODER.listChild(1));
        final byte[] back = new byte[length];
        assertEquals(length, DECODER.getList(1, back, 0));
        assertArrayEquals(java.util.Arrays.copyOf(list, length), back);
        buf.putByte(12 + 10 + 1 + length, (byte) 0);
        assertEquals(CodecError.BAD_VALUE, DECODER.wrap(buf, 0, n, DETAIL), "children out of order are refused");
        buf.putByte(12 + 10 + 1 + length, (byte) 2);
        buf.putByte(12 + 10 + 1, (byte) 0);
        assertEquals(CodecError.BAD_VALUE, DECODER.wrap(buf, 0, n, DETAIL), "an empty list is refused");
        assertThrows(IllegalArgumentException.class, () -> ENCODER.wrap(buf, 0).constraints(1, list, 0, length)
            .slice(0, 0, 1), "a slice after a constraint list is refused");
    }

    private static byte[] reencode() {
        final UnsafeBuffer out = new UnsafeBuffer(new byte[ArgumentsBodyLayout.MAX_LENGTH]);
        final byte[] value = new byte[ArgumentsBodyLayout.MAX_BYTES];
        final UnsafeBuffer v = new UnsafeBuffer(value);
        ENCODER.wrap(out, 0).requestId(DECODER.requestId());
        for (int i = 0; i < DECODER.argumentCount(); i++) {
            if (DECODER.isNumber(i)) {
                ENCODER.number(DECODER.argument(i), DECODER.scale(i), DECODER.number(i));
            } else {
                final int n = DECODER.getBytes(i, value, 0);
                ENCODER.bytes(DECODER.argument(i), v, 0, n);
            }
        }
        for (int j = 0; j < DECODER.sliceCount(); j++) {
            ENCODER.slice(DECODER.sliceChild(j), DECODER.sliceBudget(j), DECODER.sliceAmount(j));
        }
        final byte[] list = new byte[ConstraintsLayout.MAX_LENGTH];
        for (int j = 0; j < DECODER.listCount(); j++) {
            ENCODER.constraints(DECODER.listChild(j), list, 0, DECODER.getList(j, list, 0));
        }
        final byte[] bytes = new byte[ENCODER.encodedLength()];
        out.getBytes(0, bytes);
        return bytes;
    }
}
