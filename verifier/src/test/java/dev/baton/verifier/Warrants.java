package dev.baton.verifier;

import dev.baton.codec.ConstraintsDecoder;
import dev.baton.codec.ConstraintsEncoder;
import dev.baton.codec.ConstraintsLayout;
import dev.baton.codec.IdentityId;
import dev.baton.codec.LayoutFingerprint;
import dev.baton.codec.PortableWarrantAuthenticator;
import dev.baton.codec.PortableWarrantEncoder;
import dev.baton.codec.PortableWarrantLayout;
import dev.baton.codec.WarrantKey;
import dev.baton.codec.WarrantKeyRing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

/** Issuer keys and warrants for the verifier's tests (no JUnit: the no-option child JVM uses it too). */
final class Warrants {
    static final long NOW = 1_750_000_000_000L;
    static final int ENGINE_A = 11;
    static final int ENGINE_B = 22;
    static final long LAYOUT = LayoutFingerprint.of(List.of("triage"), List.of("read", "write", "delete"), List.of("public", "pii"));
    static final IdentityId PRINCIPAL = IdentityId.of("user:alice@acme.example");
    static final IdentityId ROOT = IdentityId.of("spiffe://acme.example/agent/orchestrator");
    static final IdentityId PLANNER = IdentityId.of("spiffe://acme.example/agent/planner");
    static final IdentityId READER = IdentityId.of("spiffe://partner.example/agent/reader");
    static final int READ = 0;
    static final int WRITE = 1;
    static final int DELETE = 2;
    static final int PUBLIC = 0;
    static final int PII = 1;

    private Warrants() {
    }

    static KeyPair pair(final long seed) {
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

    static byte[] secret(final int seed) {
        final byte[] s = new byte[32];
        for (int i = 0; i < s.length; i++) {
            s[i] = (byte)(seed * 13 + i * 5 + 3);
        }
        return s;
    }

    static WarrantKeyRing hmacRing() {
        return new WarrantKeyRing(60_000, WarrantKey.hmacSha256(1, secret(1)));
    }

    static WarrantKeyRing ed25519Ring() {
        return new WarrantKeyRing(60_000, WarrantKey.ed25519(2, pair(2)));
    }

    /** A 3-hop warrant (A's root, A's planner grant, B's reader grant): read + write, public data. */
    static byte[] issue(final WarrantKeyRing issuer, final byte[] holderKey) {
        final PortableWarrantEncoder e = new PortableWarrantEncoder().reset().layout(LAYOUT, 77)
            .validity(NOW, NOW + 60_000).purpose(0).dataClasses(1L << PUBLIC).principal(PRINCIPAL)
            .capabilities(new long[] {(1L << READ) | (1L << WRITE)}, 1)
            .hop(1001, ENGINE_A, ROOT).hop(1002, ENGINE_A, PLANNER).hop(2001, ENGINE_B, READER);
        if (null != holderKey) {
            e.holderKey(holderKey);
        }
        final byte[] buffer = new byte[PortableWarrantLayout.MAX_LENGTH];
        final int length = new PortableWarrantAuthenticator(issuer).sign(buffer, 0, e.encode(buffer, 0));
        if (length < 0) {
            throw new IllegalStateException("the ring cannot sign");
        }
        return Arrays.copyOf(buffer, length);
    }

    /**
     * The 3-hop warrant carrying a constraint list written by {@code constraints} (arguments: 0 amount,
     * 1 currency, 2 order of a refund tool; 3 the recipient of a mail tool; 4 the path of a summary tool).
     */
    static byte[] issueConstrained(final WarrantKeyRing issuer, final java.util.function.Consumer<ConstraintsEncoder> constraints) {
        final PortableWarrantEncoder e = new PortableWarrantEncoder().reset().layout(LAYOUT, 77)
            .validity(NOW, NOW + 60_000).purpose(0).dataClasses(1L << PUBLIC).principal(PRINCIPAL)
            .capabilities(new long[] {(1L << READ) | (1L << WRITE)}, 1)
            .hop(1001, ENGINE_A, ROOT).hop(1002, ENGINE_A, PLANNER).hop(2001, ENGINE_B, READER);
        constraints.accept(e.constraints());
        e.budget(0, 480_000);
        final byte[] buffer = new byte[PortableWarrantLayout.MAX_LENGTH];
        final int length = new PortableWarrantAuthenticator(issuer).sign(buffer, 0, e.encode(buffer, 0));
        return Arrays.copyOf(buffer, length);
    }

    /** The example policy's support constraints on arguments 0..3. */
    static void supportConstraints(final ConstraintsEncoder c) {
        c.range(0, 1, 20_000).texts(1, ConstraintsLayout.EXACT_TEXT, "EUR")
            .texts(2, ConstraintsLayout.REGEX, "ord-[0-9]{4,8}").texts(3, ConstraintsLayout.GLOB, "*@customer.example");
    }

    /** Copies a decoded constraint list entry by entry. */
    static void copyConstraints(final ConstraintsDecoder from, final ConstraintsEncoder to) {
        for (int e = 0; e < from.count(); e++) {
            to.entry(from.argument(e), from.kind(e));
            for (int i = 0; i < from.valueCount(e); i++) {
                if (from.kind(e) <= ConstraintsLayout.RANGE) {
                    to.number(from.number(e, i));
                } else {
                    to.text(from.buffer(), from.textOffset(e, i), from.textLength(e, i));
                }
            }
        }
    }

    static OfflineVerifier.Builder verifier(final WarrantKeyRing ring, final long[] clock) {
        return OfflineVerifier.builder(LAYOUT).trust(ENGINE_B, ring).clock(() -> clock[0]).maxClockSkew(1_000);
    }
}
