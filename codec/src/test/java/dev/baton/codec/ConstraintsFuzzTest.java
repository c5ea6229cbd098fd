package dev.baton.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.agrona.concurrent.UnsafeBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the decoder of a constraint list: hostile bytes are refused with a named field, or decode into
 * entries whose every value reads back within its bounds and re-encodes to the same bytes. Under
 * `./mvnw verify` it replays the seed corpus in
 * {@code src/test/resources/dev/baton/codec/ConstraintsFuzzTestInputs/shouldDecodeOrRejectAnyConstraints/};
 * with {@code JAZZER_FUZZ=1} it fuzzes (see docs/wire-format.md).
 */
class ConstraintsFuzzTest {
    private static final ConstraintsDecoder DECODER = new ConstraintsDecoder();
    private static final ConstraintsEncoder ENCODER = new ConstraintsEncoder();
    private static final UnsafeBuffer OUT = new UnsafeBuffer(new byte[ConstraintsLayout.MAX_LENGTH + 16]);
    private static final byte[] TEXT = new byte[ConstraintsLayout.MAX_TEXT];

    @FuzzTest(maxDuration = "10m")
    void shouldDecodeOrRejectAnyConstraints(final byte[] data) {
        if (FuzzChecks.wrapEverywhere(data, DECODER::wrap) != CodecError.OK) {
            return;
        }
        DECODER.wrap(new UnsafeBuffer(data), 0, data.length, null);
        ENCODER.begin(OUT, 0);
        for (int e = 0; e < DECODER.count(); e++) {
            reencode(e);
        }
        assertEquals(data.length, ENCODER.end(), "re-encoded length");
        for (int i = 0; i < data.length; i++) {
            assertEquals(data[i], OUT.getByte(i), "re-encoded byte " + i);
        }
    }

    private static void reencode(final int e) {
        final int kind = DECODER.kind(e);
        final int n = DECODER.valueCount(e);
        if (kind == ConstraintsLayout.RANGE) {
            assertTrue(DECODER.number(e, 0) <= DECODER.number(e, 1));
            ENCODER.range(DECODER.argument(e), DECODER.number(e, 0), DECODER.number(e, 1));
        } else if (kind <= ConstraintsLayout.ONE_OF_NUMBER) {
            final long[] values = new long[n];
            for (int i = 0; i < n; i++) {
                values[i] = DECODER.number(e, i);
            }
            ENCODER.numbers(DECODER.argument(e), kind, values);
        } else {
            final String[] texts = new String[n];
            for (int i = 0; i < n; i++) {
                texts[i] = new String(TEXT, 0, DECODER.text(e, i, TEXT), java.nio.charset.StandardCharsets.UTF_8);
            }
            ENCODER.texts(DECODER.argument(e), kind, texts);
        }
    }
}
