package dev.baton.codec;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.List;

/** Keys and a typical portable warrant (4 capability words, 3 hops) for the codec's tests. */
final class PortableFixtures {
    static final long NOW = 1_750_000_000_000L;
    static final long FINGERPRINT = LayoutFingerprint.of(List.of("triage", "billing"), List.of("read", "write"), List.of("pii"));
    static final IdentityId PRINCIPAL = IdentityId.of("user:alice@acme.example");
    static final IdentityId ROOT_HOLDER = IdentityId.of("spiffe://acme.example/agent/orchestrator");
    static final IdentityId MIDDLE_HOLDER = IdentityId.of("spiffe://acme.example/agent/planner");
    static final IdentityId HOLDER = IdentityId.of("spiffe://partner.example/agent/reader");
    static final long[] WORDS = {0x0F0F_0F0F_0F0F_0F0FL, -1L, 0x1234_5678_9ABC_DEF0L, 1L};

    private PortableFixtures() {
    }

    static byte[] secret(final int seed) {
        final byte[] s = new byte[32];
        for (int i = 0; i < s.length; i++) {
            s[i] = (byte)(seed * 31 + i * 7 + 1);
        }
        return s;
    }

    static KeyPair ed25519Pair() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (final GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    static KeyPair ed25519Pair(final long seed) {
        try {
            final KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            final SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(Long.toString(seed).getBytes(StandardCharsets.US_ASCII));
            generator.initialize(255, random);
            return generator.generateKeyPair();
        } catch (final GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    static WarrantKeyRing hmacRing() {
        return new WarrantKeyRing(60_000, WarrantKey.hmacSha256(7, secret(7)));
    }

    static WarrantKeyRing ed25519Ring() {
        return new WarrantKeyRing(60_000, WarrantKey.ed25519(9, ed25519Pair(9)));
    }

    static PortableWarrantEncoder typical(final PortableWarrantEncoder encoder) {
        return encoder.reset().flags(PortableWarrantLayout.FLAG_EXTERNAL).layout(FINGERPRINT, 0x5EED_0001L)
            .validity(NOW, NOW + 300_000).purpose(1).dataClasses(1L).principal(PRINCIPAL)
            .capabilities(WORDS, WORDS.length)
            .hop(101, 1, ROOT_HOLDER).hop(102, 1, MIDDLE_HOLDER).hop(203, 2, HOLDER);
    }

    /**
     * The typical warrant with the constraints the example policy ({@code src/policies/refunds-constrained.yaml})
     * places on its support agent (arguments in declaration order: amount 0, currency 1, order 2, to 3) and
     * the remainder of its one budget.
     */
    static PortableWarrantEncoder typicalConstrained(final PortableWarrantEncoder encoder) {
        typical(encoder).constraints().range(0, 1, 20_000)
            .texts(1, ConstraintsLayout.EXACT_TEXT, "EUR")
            .texts(2, ConstraintsLayout.REGEX, "ord-[0-9]{4,8}")
            .texts(3, ConstraintsLayout.GLOB, "*@customer.example");
        return encoder.budget(0, 480_000);
    }

    /** Encodes and signs the typical warrant with a ring's current key. */
    static byte[] typicalWarrant(final WarrantKeyRing ring) {
        return sign(typical(new PortableWarrantEncoder()), ring);
    }

    /** Encodes and signs the typical constrained warrant with a ring's current key. */
    static byte[] constrainedWarrant(final WarrantKeyRing ring) {
        return sign(typicalConstrained(new PortableWarrantEncoder()), ring);
    }

    static byte[] sign(final PortableWarrantEncoder encoder, final WarrantKeyRing ring) {
        final byte[] buffer = new byte[PortableWarrantLayout.MAX_LENGTH];
        final int unsigned = encoder.encode(buffer, 0);
        final int length = new PortableWarrantAuthenticator(ring).sign(buffer, 0, unsigned);
        return java.util.Arrays.copyOf(buffer, length);
    }

    /** Copies a decoded constraint list entry by entry (a re-encoding check). */
    static void copyConstraints(final ConstraintsDecoder from, final ConstraintsEncoder to) {
        for (int e = 0; e < from.count(); e++) {
            to.entry(from.argument(e), from.kind(e));
            final int kind = from.kind(e);
            for (int i = 0; i < from.valueCount(e); i++) {
                if (kind <= ConstraintsLayout.RANGE) {
                    to.number(from.number(e, i));
                } else {
                    to.text(from.buffer(), from.textOffset(e, i), from.textLength(e, i));
                }
            }
        }
    }
}
