package dev.baton.codec;

import org.agrona.MutableDirectBuffer;

/** Shared test data: a deterministic key ring and the typical warrant of the size requirement. */
final class Fixtures {
    static final long NOW = 1_767_225_600_000L;
    static final long GRACE_MILLIS = 60_000L;
    static final int KEY_ID = 7;
    static final int HOLDER = 42;
    static final int TYPICAL_WORDS = 4;
    static final int TYPICAL_HOPS = 3;

    private Fixtures() {
    }

    static byte[] secret(final int seed) {
        final byte[] secret = new byte[32];
        for (int i = 0; i < secret.length; i++) {
            secret[i] = (byte)(seed * 31 + i * 7);
        }
        return secret;
    }

    static KeyRing keyRing() {
        return new KeyRing(GRACE_MILLIS, KEY_ID, secret(1));
    }

    // Preallocated so that encoding the fixture allocates nothing (ZeroAllocationTest).
    private static final long[] WORDS = {0x0123_4567_89AB_CDEFL, -1L, 0x5555_5555_5555_5555L, Long.MIN_VALUE};
    private static final int[] IDENTITIES = {11, 23, HOLDER};
    private static final int[] PURPOSES = {5, 5, 5};

    /** A typical warrant: 3 hops, a scope of 256 capabilities (4 full words), every field set. */
    static int encodeTypicalWarrant(final WarrantEncoder encoder, final MutableDirectBuffer buffer, final int offset) {
        encoder.wrap(buffer, offset)
            .flags(WarrantLayout.FLAG_EXTERNAL)
            .principal(3)
            .grantId(1_000_003L)
            .parentId(1_000_002L)
            .rootId(1_000_001L)
            .holder(HOLDER)
            .purpose(5)
            .depth(2)
            .validity(NOW, NOW + 15 * 60_000L)
            .policyVersion(0x7A3B_91C2_44D0_1E6FL)
            .dataClasses(0b1011L)
            .capabilities(WORDS, WORDS.length)
            .chain(IDENTITIES, PURPOSES, IDENTITIES.length);
        return encoder.unsignedLength();
    }
}
