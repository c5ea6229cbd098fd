package dev.baton.verifier;

import dev.baton.codec.ConstraintsLayout;
import dev.baton.codec.WarrantKeyRing;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The verifier checks a call's arguments against the constraints a warrant carries, and names what refused it. */
class CarriedConstraintsTest {
    private final long[] clock = {Warrants.NOW + 10};
    private final Presentation call = new Presentation();
    private final CallArguments args = new CallArguments();
    private final VerificationResult result = new VerificationResult();

    private VerifyReason refund(final OfflineVerifier verifier, final byte[] w, final long amount, final String currency,
                                final String order) {
        args.clear().tool(0, 3).number(0, amount);
        if (null != currency) {
            args.text(1, currency);
        }
        args.text(2, order);
        call.reset().holder(Warrants.READER).capability(Warrants.WRITE).arguments(args);
        return verifier.verify(w, 0, w.length, call, result);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldAcceptACallWithinEveryCarriedConstraint(final boolean ed25519) {
        final WarrantKeyRing ring = ed25519 ? Warrants.ed25519Ring() : Warrants.hmacRing();
        final byte[] w = Warrants.issueConstrained(ring, Warrants::supportConstraints);
        final OfflineVerifier verifier = Warrants.verifier(ring.verifyingOnly() == null ? ring : ring.verifyingOnly(),
            clock).build();
        assertEquals(VerifyReason.OK, refund(verifier, w, 150_00, "EUR", "ord-12345"), result::toString);
        assertTrue(result.made(Check.CONSTRAINTS));
        assertEquals(-1, result.refusedArgument());
        assertEquals("range [1, 20000]", result.carriedConstraint(0).text());
        assertEquals(1, result.warrant().budgetCount());
        assertEquals(480_000, result.warrant().budgetRemaining(0));
    }

    @Test
    void shouldRefuseAValueOutsideAConstraintNamingTheArgumentAndTheConstraint() {
        final WarrantKeyRing ring = Warrants.hmacRing();
        final byte[] w = Warrants.issueConstrained(ring, Warrants::supportConstraints);
        final OfflineVerifier verifier = Warrants.verifier(ring, clock).build();
        assertEquals(VerifyReason.ARGUMENT_CONSTRAINT, refund(verifier, w, 250_00, "EUR", "ord-12345"));
        assertEquals(0, result.refusedArgument());
        assertEquals(0, result.refusedEntry());
        assertEquals("range [1, 20000]", result.refusedConstraint().text());
        assertTrue(result.toString().contains("argument=0, constraint=range [1, 20000]"), result::toString);
        assertEquals(VerifyReason.ARGUMENT_CONSTRAINT, refund(verifier, w, 150_00, "EUR", "ORD-12345"));
        assertEquals(2, result.refusedArgument());
        assertEquals("regex 'ord-[0-9]{4,8}'", result.refusedConstraint().text());
        assertEquals(VerifyReason.ARGUMENT_CONSTRAINT, refund(verifier, w, 150_00, "USD", "ord-12345"));
        assertEquals("exact 'EUR'", result.refusedConstraint().text());
    }

    @Test
    void shouldRefuseAMissingOrMistypedConstrainedArgument() {
        final WarrantKeyRing ring = Warrants.hmacRing();
        final byte[] w = Warrants.issueConstrained(ring, Warrants::supportConstraints);
        final OfflineVerifier verifier = Warrants.verifier(ring, clock).build();
        assertEquals(VerifyReason.ARGUMENT_INVALID, refund(verifier, w, 150_00, null, "ord-12345"));
        assertEquals(1, result.refusedArgument());
        args.clear().tool(0, 3).text(0, "150.00").text(1, "EUR").text(2, "ord-12345");
        call.reset().holder(Warrants.READER).capability(Warrants.WRITE).arguments(args);
        assertEquals(VerifyReason.ARGUMENT_INVALID, verifier.verify(w, 0, w.length, call, result));
        assertEquals(0, result.refusedArgument());
    }

    @Test
    void shouldCheckOnlyTheCalledToolsArgumentsAndRefuseACallWithoutArguments() {
        final WarrantKeyRing ring = Warrants.hmacRing();
        final byte[] w = Warrants.issueConstrained(ring, Warrants::supportConstraints);
        final OfflineVerifier verifier = Warrants.verifier(ring, clock).build();
        args.clear().tool(3, 1).text(3, "bob@customer.example");
        call.reset().holder(Warrants.READER).capability(Warrants.READ).arguments(args);
        assertEquals(VerifyReason.OK, verifier.verify(w, 0, w.length, call, result), "the amount range is another tool's");
        args.clear().tool(3, 1).text(3, "bob@evil.example");
        assertEquals(VerifyReason.ARGUMENT_CONSTRAINT, verifier.verify(w, 0, w.length, call, result));
        assertEquals("glob '*@customer.example'", result.refusedConstraint().text());
        args.clear().tool(4, 1).text(4, "anything");
        assertEquals(VerifyReason.OK, verifier.verify(w, 0, w.length, call, result), "an unconstrained tool");
        call.reset().holder(Warrants.READER).capability(Warrants.READ);
        assertEquals(VerifyReason.ARGUMENTS_MISSING, verifier.verify(w, 0, w.length, call, result));
        call.reset().holder(Warrants.READER);
        assertEquals(VerifyReason.OK, verifier.verify(w, 0, w.length, call, result), "not a call: nothing to check");
        assertTrue(result.made(Check.CONSTRAINTS));
    }

    @Test
    void shouldApplyEveryEntryOnOneArgument() {
        final WarrantKeyRing ring = Warrants.hmacRing();
        final byte[] w = Warrants.issueConstrained(ring, c -> c.range(0, 1, 50_000).range(0, 1, 20_000));
        final OfflineVerifier verifier = Warrants.verifier(ring, clock).build();
        args.clear().tool(0, 1).number(0, 300_00);
        call.reset().holder(Warrants.READER).capability(Warrants.WRITE).arguments(args);
        assertEquals(VerifyReason.ARGUMENT_CONSTRAINT, verifier.verify(w, 0, w.length, call, result));
        assertEquals(1, result.refusedEntry(), "the narrower of the two ranges refused it");
    }

    @Test
    void shouldRefuseASignedConstraintOutsideTheLanguagesForm() {
        final WarrantKeyRing ring = Warrants.hmacRing();
        final byte[] w = Warrants.issueConstrained(ring, c -> c.texts(2, ConstraintsLayout.REGEX, "(a|b"));
        final OfflineVerifier verifier = Warrants.verifier(ring, clock).build();
        call.reset().holder(Warrants.READER);
        assertEquals(VerifyReason.CONSTRAINT_UNREADABLE, verifier.verify(w, 0, w.length, call, result));
        assertFalse(result.accepted());
        assertNull(result.refusedConstraint());
        final byte[] backref = Warrants.issueConstrained(ring, c -> c.texts(2, ConstraintsLayout.REGEX, "(a)\\1"));
        assertEquals(VerifyReason.CONSTRAINT_UNREADABLE, verifier.verify(backref, 0, backref.length, call, result));
    }
}
