package dev.baton.codec;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A warrant authenticated on the submitting thread and admitted on the deciding one gets exactly the answer
 * {@link WarrantAuthenticator#verify} gives on the deciding one, whatever the bytes and whatever happened to
 * the key ring in between; and when that cannot be known without the MAC, it is not admissible.
 */
class AuthenticatedWarrantTest {
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[WarrantLayout.MAX_LENGTH]);
    private final WarrantEncoder encoder = new WarrantEncoder();
    private final WarrantDecoder decoder = new WarrantDecoder();
    private final AuthenticatedWarrant authenticated = new AuthenticatedWarrant();
    private KeyRing keyRing;
    private WarrantAuthenticator submitter;
    private WarrantAuthenticator decider;
    private int length;

    @BeforeEach
    void setUp() {
        keyRing = Fixtures.keyRing();
        submitter = new WarrantAuthenticator(keyRing);
        decider = new WarrantAuthenticator(keyRing);
        Fixtures.encodeTypicalWarrant(encoder, buffer, 0);
        length = submitter.sign(encoder);
    }

    /** What the deciding thread answers: admitted if admissible, else verified there (null: not admissible). */
    private CodecError admitted(final long now) {
        return decider.admissible(authenticated) ? decider.admit(authenticated, now) : null;
    }

    private CodecError verified(final int presenter, final long now) {
        return decider.verify(buffer, 0, length, presenter, now, new WarrantDecoder(), null);
    }

    @Test
    void shouldAdmitAWarrantAuthenticatedOnAnotherThreadWithItsGrantAndExpiry() {
        submitter.authenticate(buffer, 0, length, Fixtures.HOLDER, decoder, authenticated);
        assertTrue(authenticated.isAuthenticated());
        assertEquals(CodecError.OK, admitted(Fixtures.NOW));
        final WarrantDecoder read = new WarrantDecoder();
        assertEquals(CodecError.OK, read.wrap(buffer, 0, length, null));
        assertEquals(read.grantId(), authenticated.grantId());
        assertEquals(read.expiresAt(), authenticated.expiresAt());
    }

    @Test
    void shouldRefuseEveryBitFlipAsVerifyDoes() {
        for (int bit = 0; bit < length * 8; bit++) {
            final int index = bit >>> 3;
            final byte original = buffer.getByte(index);
            buffer.putByte(index, (byte)(original ^ (1 << (bit & 7))));
            submitter.authenticate(buffer, 0, length, Fixtures.HOLDER, decoder, authenticated);
            final CodecError expected = verified(Fixtures.HOLDER, Fixtures.NOW);
            final CodecError admitted = admitted(Fixtures.NOW);
            buffer.putByte(index, original);
            assertFalse(expected == CodecError.OK, "bit " + bit + " verified");
            if (admitted != null) {
                assertEquals(expected, admitted, "bit " + bit);
            } else { // a flipped key id naming a key the ring does not hold: nothing to check the MAC with
                assertEquals(CodecError.UNKNOWN_KEY, expected, "bit " + bit);
            }
        }
    }

    @Test
    void shouldRefuseAnotherPresenterAsNotHolder() {
        submitter.authenticate(buffer, 0, length, Fixtures.HOLDER + 1, decoder, authenticated);
        assertEquals(CodecError.NOT_HOLDER, admitted(Fixtures.NOW));
    }

    @Test
    void shouldRefuseATruncatedWarrantAsMalformedWhateverTheKeys() {
        for (int cut = 0; cut < length; cut++) {
            submitter.authenticate(buffer, 0, cut, Fixtures.HOLDER, decoder, authenticated);
            final CodecError expected = decider.verify(buffer, 0, cut, Fixtures.HOLDER, Fixtures.NOW,
                new WarrantDecoder(), null);
            assertEquals(expected, admitted(Fixtures.NOW), "cut=" + cut);
        }
    }

    @Test
    void shouldRefuseAKeyRetiredPastItsGraceBetweenSubmissionAndDecision() {
        submitter.authenticate(buffer, 0, length, Fixtures.HOLDER, decoder, authenticated);
        keyRing.rotate(8, Fixtures.secret(3), Fixtures.NOW);
        assertEquals(CodecError.OK, admitted(Fixtures.NOW + Fixtures.GRACE_MILLIS - 1));
        assertEquals(CodecError.KEY_RETIRED, admitted(Fixtures.NOW + Fixtures.GRACE_MILLIS));
        keyRing.purge(Fixtures.NOW + Fixtures.GRACE_MILLIS);
        assertEquals(CodecError.UNKNOWN_KEY, admitted(Fixtures.NOW + Fixtures.GRACE_MILLIS));
    }

    @Test
    void shouldNotAdmitOnceTheKeyIdIsBoundToAnotherSecret() {
        submitter.authenticate(buffer, 0, length, Fixtures.HOLDER, decoder, authenticated);
        keyRing.rotate(8, Fixtures.secret(3), Fixtures.NOW);
        keyRing.purge(Fixtures.NOW + Fixtures.GRACE_MILLIS);
        keyRing.rotate(Fixtures.KEY_ID, Fixtures.secret(4), Fixtures.NOW + Fixtures.GRACE_MILLIS);
        assertFalse(decider.admissible(authenticated), "the MAC was checked under the purged secret");
        assertEquals(CodecError.BAD_MAC, verified(Fixtures.HOLDER, Fixtures.NOW + Fixtures.GRACE_MILLIS));
    }

    @Test
    void shouldLeaveAWarrantOfAKeyNotYetInTheRingToTheDecidingThread() {
        final KeyRing other = new KeyRing(Fixtures.GRACE_MILLIS, 9, Fixtures.secret(5));
        final int signed = new WarrantAuthenticator(other).sign(encoder);
        submitter.authenticate(buffer, 0, signed, Fixtures.HOLDER, decoder, authenticated);
        assertFalse(authenticated.isAuthenticated());
        assertFalse(decider.admissible(authenticated));
    }

    @Test
    void shouldRefuseToAdmitAWarrantThatWasNotAuthenticated() {
        assertThrows(IllegalStateException.class, () -> decider.admit(authenticated, Fixtures.NOW));
    }

    @Test
    void shouldForgetTheLastWarrantWhenCleared() {
        submitter.authenticate(buffer, 0, length, Fixtures.HOLDER, decoder, authenticated);
        authenticated.clear();
        assertFalse(authenticated.isAuthenticated());
        assertFalse(decider.admissible(authenticated));
    }

    /**
     * Random damage to the bytes, a random presenter, and random key-ring events between submission and decision:
     * admitted, the answer is verify's; not admissible, the key the warrant names was not held at submission
     * or its id now holds another secret.
     */
    @Property(tries = 300)
    void shouldAnswerAsVerifyAfterAnyDamageAndRingEvents(
        @ForAll("damage") final List<Integer> flips, @ForAll @IntRange(min = 0, max = 2) final int presenterShift,
        @ForAll @IntRange(min = 0, max = 4) final int ringEvent, @ForAll @IntRange(min = -1, max = 2) final int lateness) {
        setUp();
        for (final int flip : flips) {
            final int index = Math.floorMod(flip, length * 8) >>> 3;
            buffer.putByte(index, (byte)(buffer.getByte(index) ^ (1 << (flip & 7))));
        }
        final int presenter = Fixtures.HOLDER + presenterShift;
        submitter.authenticate(buffer, 0, length, presenter, decoder, authenticated);
        final long now = Fixtures.NOW + lateness * Fixtures.GRACE_MILLIS;
        switch (ringEvent) {
            case 1:
                keyRing.rotate(8, Fixtures.secret(3), Fixtures.NOW);
                break;
            case 2:
                keyRing.rotate(8, Fixtures.secret(3), Fixtures.NOW);
                keyRing.purge(Fixtures.NOW + Fixtures.GRACE_MILLIS);
                break;
            case 3:
                keyRing.rotate(8, Fixtures.secret(3), Fixtures.NOW);
                keyRing.purge(Fixtures.NOW + Fixtures.GRACE_MILLIS);
                keyRing.rotate(Fixtures.KEY_ID, Fixtures.secret(4), Fixtures.NOW + Fixtures.GRACE_MILLIS);
                break;
            default: // 0 and 4: nothing
                break;
        }
        final CodecError expected = verified(presenter, now);
        final CodecError admitted = admitted(now);
        if (admitted != null) {
            assertEquals(expected, admitted);
        } else {
            assertTrue(!authenticated.isAuthenticated() || ringEvent == 3, "not admissible without cause");
        }
    }

    @Provide
    Arbitrary<List<Integer>> damage() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofMaxSize(3);
    }
}
