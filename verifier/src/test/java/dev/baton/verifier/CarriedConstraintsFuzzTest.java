package dev.baton.verifier;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.baton.codec.CodecError;
import dev.baton.codec.ConstraintsDecoder;
import dev.baton.codec.PortableWarrantAuthenticator;
import dev.baton.codec.PortableWarrantEncoder;
import dev.baton.codec.PortableWarrantLayout;
import dev.baton.codec.WarrantKeyRing;
import dev.baton.constraint.Constraint;
import dev.baton.constraint.ConstraintWire;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile constraint bytes inside a warrant (issue #14): the fuzzer's bytes become a warrant's constraint
 * list, signed by a trusted issuer so that they reach past the signature check. A list the decoder
 * refuses gives {@code MALFORMED}; a well-formed one is compiled (a glob or regular expression outside the
 * language's form gives {@code CONSTRAINT_UNREADABLE}) and a call's arguments, taken from the same bytes,
 * are checked against it: never an exception, and an accepted call meets every constraint on its tool's
 * arguments when checked entry by entry with the same matchers. Under {@code ./mvnw verify} it replays the
 * seeds in {@code src/test/resources/dev/baton/verifier/CarriedConstraintsFuzzTestInputs/};
 * {@code JAZZER_FUZZ=1} fuzzes.
 */
class CarriedConstraintsFuzzTest {
    private static final long[] CLOCK = {Warrants.NOW + 10};
    private static final WarrantKeyRing RING = Warrants.hmacRing();
    private static final OfflineVerifier VERIFIER = Warrants.verifier(RING, CLOCK).build();
    private static final PortableWarrantAuthenticator SIGNER = new PortableWarrantAuthenticator(RING);
    private static final ConstraintsDecoder LIST = new ConstraintsDecoder();
    private static final Presentation CALL = new Presentation();
    private static final CallArguments ARGS = new CallArguments();
    private static final VerificationResult RESULT = new VerificationResult();
    private static final byte[] BUFFER = new byte[PortableWarrantLayout.MAX_LENGTH];

    @FuzzTest(maxDuration = "10m")
    void shouldRejectHostileConstraintBytes(final byte[] data) {
        final byte[] w = signedWithList(data);
        arguments(data);
        CALL.reset().holder(Warrants.READER).capability(Warrants.WRITE).arguments(ARGS);
        final VerifyReason reason = VERIFIER.verify(w, 0, w.length, CALL, RESULT);
        if (LIST.wrap(data, 0, data.length, null) != CodecError.OK || LIST.count() == 0) {
            assertEquals(VerifyReason.MALFORMED, reason, "a list the decoder refuses never passes");
            return;
        }
        assertTrue(reason == VerifyReason.OK || reason == VerifyReason.CONSTRAINT_UNREADABLE
            || reason == VerifyReason.ARGUMENT_INVALID || reason == VerifyReason.ARGUMENT_CONSTRAINT, reason::name);
        if (reason == VerifyReason.OK) {
            for (int e = 0; e < LIST.count(); e++) {
                final Constraint c = ConstraintWire.read(LIST, e);
                final int i = ARGS.find(LIST.argument(e));
                assertTrue(i >= 0, "an accepted call carries every constrained argument of its tool");
                assertTrue(ARGS.isNumber(i) ? c.matches(ARGS.number(i))
                    : c.matches(ARGS.buffer(), ARGS.offset(i), ARGS.length(i)), "entry " + e + " holds");
            }
        } else if (reason != VerifyReason.CONSTRAINT_UNREADABLE) {
            assertNotEquals(-1, RESULT.refusedArgument(), "a refusal names the argument");
        }
    }

    /** The genuine 3-hop warrant with {@code data} spliced in as its constraint list, then signed. */
    private static byte[] signedWithList(final byte[] data) {
        final PortableWarrantEncoder e = new PortableWarrantEncoder().reset().layout(Warrants.LAYOUT, 77)
            .validity(Warrants.NOW, Warrants.NOW + 60_000).purpose(0).dataClasses(1L << Warrants.PUBLIC)
            .principal(Warrants.PRINCIPAL).capabilities(new long[] {(1L << Warrants.READ) | (1L << Warrants.WRITE)}, 1)
            .hop(1001, Warrants.ENGINE_A, Warrants.ROOT).hop(1002, Warrants.ENGINE_A, Warrants.PLANNER)
            .hop(2001, Warrants.ENGINE_B, Warrants.READER);
        final int plain = e.encode(BUFFER, 0);
        final int extension = Math.min(data.length, PortableWarrantLayout.MAX_EXTENSION_LENGTH);
        System.arraycopy(data, 0, BUFFER, plain, extension);
        BUFFER[PortableWarrantLayout.FLAGS_OFFSET] |= (byte)PortableWarrantLayout.FLAG_CONSTRAINTS;
        BUFFER[PortableWarrantLayout.EXTENSION_LENGTH_OFFSET] = (byte)extension;
        BUFFER[PortableWarrantLayout.EXTENSION_LENGTH_OFFSET + 1] = (byte)(extension >>> 8);
        final int length = SIGNER.sign(BUFFER, 0, plain + extension);
        return Arrays.copyOf(BUFFER, length);
    }

    /** A call of the tool whose arguments are 0..15, its values drawn from the same bytes. */
    private static void arguments(final byte[] data) {
        ARGS.clear().tool(0, 16);
        for (int a = 0; a < 16; a++) {
            final int b = data.length == 0 ? 0 : data[a % data.length] & 0xFF;
            if (b % 3 == 0) {
                continue; // missing
            }
            if (b % 3 == 1) {
                ARGS.number(a, (long)b * 100 - 5_000);
            } else {
                final int from = Math.min(a, data.length);
                ARGS.text(a, data, from, Math.min(b % 24, data.length - from));
            }
        }
    }
}
