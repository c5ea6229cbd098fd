package dev.baton.codec;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WarrantSizeTest {
    /** The size quoted in docs/wire-format.md; WireFormatDocTest checks the doc quotes this number. */
    static final int MEASURED_TYPICAL_SIZE = 143;

    static int typicalWarrantSize() {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[WarrantLayout.MAX_LENGTH]);
        final WarrantEncoder encoder = new WarrantEncoder();
        Fixtures.encodeTypicalWarrant(encoder, buffer, 0);
        return new WarrantAuthenticator(Fixtures.keyRing()).sign(encoder);
    }

    @Test
    void shouldFitTypicalWarrantIn160Bytes() {
        final int size = typicalWarrantSize();
        System.out.println("typical warrant (3 hops, 256 capabilities, MAC included): " + size + " bytes");
        assertTrue(size <= 160, "typical warrant is " + size + " bytes, the bound is 160");
        assertEquals(MEASURED_TYPICAL_SIZE, size, "update docs/wire-format.md and MEASURED_TYPICAL_SIZE");
        assertEquals(WarrantLayout.encodedLength(Fixtures.TYPICAL_WORDS, Fixtures.TYPICAL_HOPS), size);
    }

    @Test
    void shouldBoundLargestWarrant() {
        assertEquals(663, WarrantLayout.MAX_LENGTH);
        assertEquals(87, WarrantLayout.MIN_LENGTH);
    }
}
