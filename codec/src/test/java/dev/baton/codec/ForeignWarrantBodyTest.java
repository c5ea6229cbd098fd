package dev.baton.codec;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** A FOREIGN_WARRANT body round-trips, and every truncation or a lying issuer is refused. */
class ForeignWarrantBodyTest {
    static byte[] body(final byte[] warrant, final int issuer) {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[ForeignWarrantBodyLayout.MAX_LENGTH]);
        final int n = new ForeignWarrantBodyEncoder().wrap(buffer, 0).fields(77, PortableFixtures.NOW, 5, issuer, 0x3FF)
            .warrant(warrant, 0, warrant.length);
        return Arrays.copyOf(buffer.byteArray(), n);
    }

    @Test
    void shouldRoundTripTheMirrorAndTheWarrant() {
        final byte[] warrant = PortableFixtures.typicalWarrant(PortableFixtures.hmacRing());
        final PortableWarrantDecoder w = new PortableWarrantDecoder();
        assertEquals(CodecError.OK, w.wrap(warrant, 0, warrant.length, null));
        final byte[] body = body(warrant, w.engineId());
        final ForeignWarrantBodyDecoder d = new ForeignWarrantBodyDecoder();
        assertEquals(CodecError.OK, d.wrap(new UnsafeBuffer(body), 0, body.length, new ErrorDetail()));
        assertEquals(77, d.localGrantId());
        assertEquals(PortableFixtures.NOW, d.verifiedAt());
        assertEquals(5, d.presenter());
        assertEquals(0x3FF, d.checks());
        assertEquals(w.grantId(), d.warrant().grantId());
        assertArrayEquals(warrant, Arrays.copyOfRange(d.warrant().buffer(), 0, d.warrant().length()));
    }

    @Test
    void shouldRefuseEveryTruncationAndAnIssuerOtherThanTheWarrants() {
        final byte[] warrant = PortableFixtures.typicalWarrant(PortableFixtures.hmacRing());
        final PortableWarrantDecoder w = new PortableWarrantDecoder();
        w.wrap(warrant, 0, warrant.length, null);
        final byte[] body = body(warrant, w.engineId());
        final ForeignWarrantBodyDecoder d = new ForeignWarrantBodyDecoder();
        for (int n = 0; n < body.length; n++) {
            assertNotEquals(CodecError.OK, d.wrap(new UnsafeBuffer(body), 0, n, null), "cut at " + n);
        }
        final byte[] lying = body(warrant, w.engineId() + 1);
        final ErrorDetail detail = new ErrorDetail();
        assertEquals(CodecError.BAD_VALUE, d.wrap(new UnsafeBuffer(lying), 0, lying.length, detail));
        assertEquals("issuerEngine", detail.field());
    }
}
