package dev.baton.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the portable warrant decoder and tag check. Under {@code ./mvnw verify} it replays the seed
 * corpus in {@code src/test/resources/dev/baton/codec/PortableWarrantFuzzTestInputs/}; with
 * {@code JAZZER_FUZZ=1} it fuzzes. Whatever the bytes: no exception, and a warrant that decodes
 * re-encodes to the same bytes (one encoding per warrant), its constraint list and budgets included.
 */
class PortableWarrantFuzzTest {
    private static final WarrantKeyRing RING = PortableFixtures.hmacRing();
    private static final PortableWarrantAuthenticator AUTHENTICATOR = new PortableWarrantAuthenticator(RING);
    private static final PortableWarrantDecoder DECODER = new PortableWarrantDecoder();
    private static final PortableWarrantEncoder ENCODER = new PortableWarrantEncoder();
    private static final ErrorDetail DETAIL = new ErrorDetail();
    private static final long[] WORDS = new long[64];
    private static final byte[] KEY = new byte[32];
    private static final byte[] REENCODED = new byte[PortableWarrantLayout.MAX_LENGTH];

    @FuzzTest(maxDuration = "10m")
    void shouldDecodeOrRejectAnyPortableWarrant(final byte[] data) {
        if (DECODER.wrap(data, 0, data.length, DETAIL) != CodecError.OK) {
            return;
        }
        final CodecError verified = AUTHENTICATOR.verify(DECODER, PortableFixtures.NOW, DETAIL);
        assertTrue(verified == CodecError.OK || verified == CodecError.BAD_MAC || verified == CodecError.UNKNOWN_KEY
            || verified == CodecError.SUITE_MISMATCH, verified::name);
        final PortableWarrantDecoder d = DECODER;
        ENCODER.reset().flags(d.flags() & ~(PortableWarrantLayout.FLAG_PROOF_REQUIRED
                | PortableWarrantLayout.FLAG_CONSTRAINTS | PortableWarrantLayout.FLAG_BUDGETS))
            .layout(d.layoutFingerprint(), d.policyVersion()).validity(d.issuedAt(), d.expiresAt())
            .purpose(d.purpose()).dataClasses(d.dataClasses())
            .principal(IdentityId.of(d.principalHigh(), d.principalLow()));
        if (d.proofRequired()) {
            System.arraycopy(data, d.holderKeyIndex(), KEY, 0, KEY.length);
            ENCODER.holderKey(KEY);
        }
        for (int i = 0; i < d.capabilityWordCount(); i++) {
            WORDS[i] = d.capabilityWord(i);
        }
        ENCODER.capabilities(WORDS, d.capabilityWordCount());
        for (int i = 0; i < d.hopCount(); i++) {
            ENCODER.hop(d.hopGrantId(i), d.hopEngineId(i), d.hopHolderHigh(i), d.hopHolderLow(i));
        }
        PortableFixtures.copyConstraints(d.constraints(), ENCODER.constraints());
        for (int i = 0; i < d.budgetCount(); i++) {
            ENCODER.budget(d.budget(i), d.budgetRemaining(i));
        }
        final int unsigned = ENCODER.encode(REENCODED, 0);
        assertEquals(d.unsignedLength(), unsigned);
        REENCODED[PortableWarrantLayout.SUITE_OFFSET] = data[PortableWarrantLayout.SUITE_OFFSET];
        REENCODED[PortableWarrantLayout.KEY_ID_OFFSET] = data[PortableWarrantLayout.KEY_ID_OFFSET];
        REENCODED[PortableWarrantLayout.KEY_ID_OFFSET + 1] = data[PortableWarrantLayout.KEY_ID_OFFSET + 1];
        for (int i = 0; i < unsigned; i++) {
            assertEquals(data[i], REENCODED[i], "re-encoded byte " + i);
        }
    }
}
