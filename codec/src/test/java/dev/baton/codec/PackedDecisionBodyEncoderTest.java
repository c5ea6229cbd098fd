package dev.baton.codec;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The packed DECISION encoder stores exactly what the journal stored before it: {@code BodyPacker.pack} of the
 * body {@link DecisionBodyEncoder} (with compact children) writes, against the body before it or against
 * nothing, or the body as it is when packing does not make it shorter. The reference here is the two
 * encoders and the packer, run on the same fields.
 */
class PackedDecisionBodyEncoderTest {
    private static final int OUT = JournalRecordLayout.MAX_BODY_LENGTH + 64;

    /** The reference: the body as {@link DecisionBodyEncoder} writes it, and the packer's verdict on it. */
    private static final class Reference {
        private final UnsafeBuffer body = new UnsafeBuffer(new byte[OUT]);
        private final UnsafeBuffer packed = new UnsafeBuffer(new byte[OUT]);
        private final DecisionBodyEncoder encoder = new DecisionBodyEncoder();
        private byte[] previous;

        /** @return the stored bytes: packed (against the previous body if {@code delta}), or the body as it is. */
        byte[] store(final Body b, final boolean delta) {
            final int length = b.encode(encoder.wrap(body, 0));
            final int n = BodyPacker.pack(body, 0, length, delta && previous != null
                ? new UnsafeBuffer(previous) : null, packed, 0, length - 1);
            previous = Arrays.copyOf(body.byteArray(), length);
            return n > 0 ? Arrays.copyOf(packed.byteArray(), n) : previous.clone();
        }
    }

    /** A DECISION body's fields, drawn at random: the encoders under test and the reference are given the same. */
    static final class Body {
        final long seed;
        final int children;
        final int textKind;

        Body(final long seed, final int children, final int textKind) {
            this.seed = seed;
            this.children = children;
            this.textKind = textKind;
        }

        int encode(final DecisionBodyEncoder e) {
            final Random r = new Random(seed);
            e.operation(Operation.values()[1 + r.nextInt(Operation.values().length - 1)]).approve(r.nextBoolean())
                .viaWarrant(r.nextBoolean()).refusedBefore(small(r, 0xFFFF)).principal(any(r)).presenter(any(r))
                .purpose(any(r)).rule(any(r)).capability(any(r)).dataClass(any(r)).requestId(anyLong(r))
                .grantId(anyLong(r)).ttlMillis(anyLong(r));
            final long[] granted = new long[64];
            final long[] requested = new long[64];
            final byte[] input = new byte[40];
            final byte[] output = new byte[40];
            for (int i = 0; i < children; i++) {
                final CompactDecisionEncoder c = e.compactChildForEveryField(any(r))
                    .outcome(DecisionOutcome.values()[1 + r.nextInt(DecisionOutcome.values().length - 1)]).depth(small(r, 255)).reasonCode(small(r, 0xFFFF))
                    .flags(small(r, 0xFFFF)).decisionId(anyLong(r)).timestamp(anyLong(r)).policyVersion(anyLong(r))
                    .grantId(anyLong(r)).parentGrantId(anyLong(r)).expiresAt(anyLong(r)).ruleLine(any(r))
                    .decidingCapability(any(r)).decidingDataClass(any(r)).subject(any(r));
                final int parts = r.nextInt(16);
                if ((parts & 1) != 0) {
                    final int g = words(r, granted);
                    final int q = words(r, requested);
                    c.scope(r.nextBoolean() ? 0 : anyLong(r), r.nextBoolean() ? 0 : anyLong(r), granted, g, requested, q);
                }
                if ((parts & 2) != 0) {
                    c.inputDigest(digest(r, input), 3);
                }
                if ((parts & 4) != 0) {
                    c.outputDigest(digest(r, output), 5);
                }
                if ((parts & 8) != 0) {
                    c.justification(text(r, textKind));
                }
            }
            return e.encodedLength();
        }

        void encode(final PackedDecisionBodyEncoder e) {
            final Random r = new Random(seed);
            e.operation(Operation.values()[1 + r.nextInt(Operation.values().length - 1)]).approve(r.nextBoolean())
                .viaWarrant(r.nextBoolean()).refusedBefore(small(r, 0xFFFF)).principal(any(r)).presenter(any(r))
                .purpose(any(r)).rule(any(r)).capability(any(r)).dataClass(any(r)).requestId(anyLong(r))
                .grantId(anyLong(r)).ttlMillis(anyLong(r)).children(children);
            final long[] granted = new long[64];
            final long[] requested = new long[64];
            final byte[] input = new byte[40];
            final byte[] output = new byte[40];
            for (int i = 0; i < children; i++) {
                // Each child's arrays are read when the next child starts: fresh ones per child, as the reference
                // copies them at once.
                final long[] g0 = i == 0 ? granted : new long[64];
                final long[] q0 = i == 0 ? requested : new long[64];
                e.child(any(r))
                    .outcome(DecisionOutcome.values()[1 + r.nextInt(DecisionOutcome.values().length - 1)]).depth(small(r, 255)).reasonCode(small(r, 0xFFFF))
                    .flags(small(r, 0xFFFF)).decisionId(anyLong(r)).timestamp(anyLong(r)).policyVersion(anyLong(r))
                    .childGrantId(anyLong(r)).parentGrantId(anyLong(r)).expiresAt(anyLong(r)).ruleLine(any(r))
                    .decidingCapability(any(r)).decidingDataClass(any(r)).subject(any(r));
                final int parts = r.nextInt(16);
                if ((parts & 1) != 0) {
                    final int g = words(r, g0);
                    final int q = words(r, q0);
                    e.scope(r.nextBoolean() ? 0 : anyLong(r), r.nextBoolean() ? 0 : anyLong(r), g0, g, q0, q);
                }
                if ((parts & 2) != 0) {
                    e.inputDigest(digest(r, i == 0 ? input : new byte[40]), 3);
                }
                if ((parts & 4) != 0) {
                    e.outputDigest(digest(r, i == 0 ? output : new byte[40]), 5);
                }
                if ((parts & 8) != 0) {
                    e.justification(text(r, textKind));
                }
            }
        }

        @Override
        public String toString() {
            return "Body(seed=" + seed + ", children=" + children + ", text=" + textKind + ")";
        }

        /** Mostly small numbers and -1 markers (most of a real body's bytes are zero), now and then anything. */
        private static int any(final Random r) {
            switch (r.nextInt(4)) {
                case 0: return 0;
                case 1: return -1;
                case 2: return r.nextInt(300);
                default: return r.nextInt();
            }
        }

        private static long anyLong(final Random r) {
            return r.nextInt(4) == 3 ? r.nextLong() : any(r);
        }

        private static int small(final Random r, final int max) {
            return r.nextBoolean() ? 0 : r.nextInt(max + 1);
        }

        private static int words(final Random r, final long[] words) {
            final int n = r.nextInt(5);
            for (int i = 0; i < n; i++) {
                words[i] = r.nextInt(3) == 0 ? 0 : anyLong(r);
            }
            return n;
        }

        private static byte[] digest(final Random r, final byte[] digest) {
            Arrays.fill(digest, (byte)0);
            if (r.nextInt(4) != 0) { // an all-zero digest is an absent section
                for (int i = 3; i < 37; i++) {
                    digest[i] = (byte)r.nextInt(256);
                }
            }
            return digest;
        }

        private static String text(final Random r, final int kind) {
            switch (kind) {
                case 0: return "";
                case 1: return "looking up the order";
                case 2: return "résumé № 7 \uD83D\uDE80 for ticket #" + r.nextInt(100);
                default: {
                    final char[] chars = new char[r.nextInt(1025)];
                    Arrays.fill(chars, (char)('a' + r.nextInt(26)));
                    return new String(chars);
                }
            }
        }
    }

    @Provide
    Arbitrary<List<Body>> batches() {
        final Arbitrary<Body> body = net.jqwik.api.Combinators.combine(Arbitraries.longs(),
            Arbitraries.integers().between(1, 6), Arbitraries.integers().between(0, 3)).as(Body::new);
        return body.list().ofMinSize(1).ofMaxSize(6);
    }

    @Property
    void shouldStoreExactlyWhatEncodingThenPackingStores(@ForAll("batches") final List<Body> bodies,
                                                         @ForAll @Size(min = 6, max = 6) final List<Boolean> deltas) {
        final Reference reference = new Reference();
        final PackedDecisionBodyEncoder encoder = new PackedDecisionBodyEncoder();
        final byte[] out = new byte[OUT];
        for (int i = 0; i < bodies.size(); i++) {
            final boolean delta = i > 0 && deltas.get(i);
            final byte[] expected = reference.store(bodies.get(i), delta);
            Arrays.fill(out, (byte)0x5A); // the encoder writes over stale bytes
            bodies.get(i).encode(encoder.begin(out, 7, delta));
            final byte[] stored = stored(encoder, encoder.end(), out, 7);
            assertArrayEquals(expected, stored, bodies.get(i) + " delta=" + delta + " (" + i + " of " + bodies + ")");
        }
    }

    /**
     * The word packer under the encoder, on any bytes: what {@code BodyPacker.pack} stores against the body
     * before, or -1 where it gives up, for bodies of every length the varint spans (1 to 3 bytes).
     */
    @Property
    void shouldPackAnyBytesAsBodyPackerDoes(@ForAll @Size(max = 5) final List<@Size(max = 700) byte[]> bodies,
                                            @ForAll @IntRange(max = 100) final int zeroPercent,
                                            @ForAll @IntRange(max = 2) final int longer) {
        final WordPacker packer = new WordPacker();
        byte[] previous = null;
        for (final byte[] shortBody : bodies) {
            // Now and then a body past 16383 bytes (a three-byte length) or one of its size again.
            final byte[] body = longer == 0 || shortBody.length == 0 ? shortBody
                : Arrays.copyOf(shortBody, longer == 1 ? 16_380 + shortBody.length % 8 : 16_384 + shortBody.length);
            for (int i = 0; i < body.length; i++) {
                if (Math.floorMod(body[i] * 31 + i, 100) < zeroPercent) {
                    body[i] = 0;
                }
            }
            assertPacksAsBodyPacker(packer, body, previous);
            previous = body;
        }
    }

    /**
     * Runs of zero words between non-zero ones, of every length around the 256 words one run marker holds
     * (the packer stores a run of up to 256 with its next word, longer ones as whole runs of 256 first).
     */
    @Test
    void shouldStoreZeroRunsBetweenWordsAsBodyPackerDoes() {
        final int[] runs = {0, 1, 2, 255, 256, 257, 511, 512, 513, 767, 768, 769, 1024, 1025};
        for (final int first : runs) {
            for (final int second : new int[] {0, 1, 256, 257, 512}) {
                for (final int tail : new int[] {0, 5}) {
                    final byte[] body = new byte[8 * (first + second + 3) + tail];
                    body[0] = 1;
                    body[8 * (first + 1) + 2] = 2;
                    body[8 * (first + second + 2) + 7] = 3;
                    if (tail > 0) {
                        body[body.length - 1] = 4;
                    }
                    final byte[] base = body.clone();
                    base[0] = 5; // a delta: the first word differs, the rest are zero words
                    final WordPacker packer = new WordPacker();
                    assertPacksAsBodyPacker(packer, body, null);
                    assertPacksAsBodyPacker(packer, base, body);
                    assertPacksAsBodyPacker(packer, body, base);
                }
            }
        }
    }

    /** Packs {@code body} against the body the packer ended before ({@code previous}, or none) as BodyPacker does. */
    private static void assertPacksAsBodyPacker(final WordPacker packer, final byte[] body, final byte[] previous) {
        final byte[] out = new byte[OUT];
        final UnsafeBuffer packed = new UnsafeBuffer(new byte[OUT]);
        final boolean delta = previous != null;
        packer.begin(out, 3, delta);
        packer.putBytes(body, 0, body.length);
        final int n = packer.end();
        final int expected = body.length < 1 ? -1 : BodyPacker.pack(new UnsafeBuffer(body), 0, body.length,
            delta ? new UnsafeBuffer(previous) : null, packed, 0, body.length - 1);
        assertEquals(expected, n, "packed length of a body of " + body.length + " bytes");
        if (n > 0) {
            assertArrayEquals(Arrays.copyOf(packed.byteArray(), n), Arrays.copyOfRange(out, 3, 3 + n));
        }
        packer.copyBody(out, 3);
        assertArrayEquals(body, Arrays.copyOfRange(out, 3, 3 + body.length), "the body as it is");
    }

    @Test
    void shouldKeepTheBaseWhenABodyFailsPartWay() {
        final Body first = new Body(1, 2, 1);
        final Body second = new Body(2, 1, 1);
        final Reference reference = new Reference();
        reference.store(first, false);
        final byte[] expected = reference.store(second, true);
        final PackedDecisionBodyEncoder encoder = new PackedDecisionBodyEncoder();
        final byte[] out = new byte[OUT];
        first.encode(encoder.begin(out, 0, false));
        encoder.end();
        encoder.begin(out, 0, true).children(1).child(3);
        assertThrows(IllegalArgumentException.class, () -> encoder.reasonCode(70_000));
        assertThrows(IllegalArgumentException.class, () -> encoder.begin(out, 0, true).children(1).child(3)
            .justification("x".repeat(1025)));
        second.encode(encoder.begin(out, 0, true));
        assertArrayEquals(expected, stored(encoder, encoder.end(), out, 0),
            "stored against the first body, as if nothing failed");
    }

    /** @return what the journal stores: the packed body {@code end()} gave, or the body as it is. */
    private static byte[] stored(final PackedDecisionBodyEncoder encoder, final int packed, final byte[] out,
                                 final int at) {
        if (packed > 0) {
            return Arrays.copyOfRange(out, at, at + packed);
        }
        encoder.copyBody(out, at);
        return Arrays.copyOfRange(out, at, at + encoder.length());
    }

    @Test
    void shouldRefuseChildrenOtherThanAnnounced() {
        final PackedDecisionBodyEncoder encoder = new PackedDecisionBodyEncoder();
        final byte[] out = new byte[OUT];
        assertThrows(IllegalStateException.class, () -> encoder.begin(out, 0, false).child(1));
        assertThrows(IllegalStateException.class, () -> encoder.begin(out, 0, false).children(1).child(1).child(2));
        assertThrows(IllegalStateException.class, () -> encoder.begin(out, 0, false).children(2).child(1).end());
        assertThrows(IllegalArgumentException.class, () -> encoder.begin(out, 0, false).children(0));
        assertThrows(IllegalStateException.class, () -> encoder.begin(out, 0, false).children(1).child(1)
            .justification("a").scope(0, 0, new long[1], 0, new long[1], 0));
        encoder.begin(out, 0, false).children(1).child(1).end();
        assertThrows(IllegalStateException.class, encoder::end, "a body ends once");
        assertThrows(IllegalStateException.class, () -> new PackedDecisionBodyEncoder().packEncoded(
            new UnsafeBuffer(new byte[200]), 0, 200), "nothing begun");
    }

    @Test
    void shouldRefuseABodyLongerThanARecordHolds() {
        final PackedDecisionBodyEncoder encoder = new PackedDecisionBodyEncoder();
        final byte[] out = new byte[OUT];
        encoder.begin(out, 0, false).children(DecisionBodyLayout.MAX_CHILDREN);
        final String text = "y".repeat(1024);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
            for (int i = 0; i < DecisionBodyLayout.MAX_CHILDREN; i++) {
                encoder.child(i).justification(text);
            }
            encoder.end();
        });
        assertEquals("body longer than 65536 bytes", e.getMessage());
    }
}
