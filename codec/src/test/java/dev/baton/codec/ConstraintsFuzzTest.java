package dev.baton.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the decoder of a constraint list: hostile bytes are refused with a named field, or decode into
 * entries whose every value reads back within its bounds and re-encodes to the same bytes; the same bytes
 * at an offset decode the same way, and as a leading list they measure their own length. Under
 * `./mvnw verify` it replays the seed corpus in
 * {@code src/test/resources/dev/baton/codec/ConstraintsFuzzTestInputs/shouldDecodeOrRejectAnyConstraints/};
 * with {@code JAZZER_FUZZ=1} it fuzzes (see docs/wire-format.md).
 */
class ConstraintsFuzzTest {
    private static final ConstraintsDecoder DECODER = new ConstraintsDecoder();
    private static final ConstraintsEncoder ENCODER = new ConstraintsEncoder();
    private static final ErrorDetail DETAIL = new ErrorDetail();
    private static final byte[] OUT = new byte[ConstraintsLayout.MAX_LENGTH + 16];

    @FuzzTest(maxDuration = "10m")
    void shouldDecodeOrRejectAnyConstraints(final byte[] data) {
        final byte[] shifted = new byte[data.length + 7];
        System.arraycopy(data, 0, shifted, 7, data.length);
        final CodecError atOffset = DECODER.wrap(shifted, 7, data.length, DETAIL);
        final CodecError result = DECODER.wrap(data, 0, data.length, DETAIL);
        assertEquals(result, atOffset, "same bytes at another offset");
        if (result != CodecError.OK) {
            assertEquals(result, DETAIL.error());
            assertFalse(DETAIL.field().isEmpty(), "the detail names the field");
            return;
        }
        assertEquals(data.length, DECODER.wrapLeading(shifted, 7, data.length, DETAIL), "leading list measures itself");
        DECODER.wrap(data, 0, data.length, null);
        ENCODER.begin(OUT, 0);
        for (int e = 0; e < DECODER.count(); e++) {
            if (DECODER.kind(e) == ConstraintsLayout.RANGE) {
                assertTrue(DECODER.number(e, 0) <= DECODER.number(e, 1));
            }
        }
        PortableFixtures.copyConstraints(DECODER, ENCODER);
        assertEquals(data.length, ENCODER.end(), "re-encoded length");
        for (int i = 0; i < data.length; i++) {
            assertEquals(data[i], OUT[i], "re-encoded byte " + i);
        }
    }
}
