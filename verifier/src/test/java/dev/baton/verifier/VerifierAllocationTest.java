package dev.baton.verifier;

import dev.baton.codec.WarrantKeyRing;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** HMAC verification, a refused MAC and a cache hit allocate nothing in steady state (ThreadMXBean, exact 0). */
class VerifierAllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    /** Exact bytes over 100k calls after warm-up; retried at most 3 times only to step over a JIT recompilation. */
    private static long allocated(final Runnable work) {
        for (int i = 0; i < 100_000; i++) {
            work.run();
        }
        long allocated = -1;
        for (int attempt = 0; attempt < 3 && allocated != 0; attempt++) {
            final long before = THREADS.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 100_000; i++) {
                work.run();
            }
            allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        }
        return allocated;
    }

    @Test
    void shouldAllocateNothingToVerifyHmacWarrantsOrHitTheCache() {
        final long[] clock = {Warrants.NOW + 10};
        final WarrantKeyRing ring = Warrants.hmacRing();
        final RevocationSet revoked = new RevocationSet();
        revoked.revoke(5, 5);
        final byte[] w = Warrants.issue(ring, null);
        final Presentation call = new Presentation().holder(Warrants.READER).capability(Warrants.READ)
            .dataClass(Warrants.PUBLIC);
        final VerificationResult result = new VerificationResult();
        final OfflineVerifier uncached = Warrants.verifier(ring, clock).revocations(revoked).cacheSlots(0).build();
        final OfflineVerifier cached = Warrants.verifier(ring, clock).revocations(revoked).build();
        final VerifyReason[] last = new VerifyReason[1];
        assertEquals(0, allocated(() -> last[0] = uncached.verify(w, 0, w.length, call, result)));
        assertEquals(VerifyReason.OK, last[0]);
        assertEquals(0, allocated(() -> last[0] = cached.verify(w, 0, w.length, call, result)));
        assertEquals(VerifyReason.OK, last[0]);
        assertEquals(true, result.made(Check.CACHE_HIT));
        final byte[] bad = w.clone();
        bad[bad.length - 1] ^= 1;
        assertEquals(0, allocated(() -> last[0] = uncached.verify(bad, 0, bad.length, call, result)));
        assertEquals(VerifyReason.BAD_MAC, last[0]);
    }

    @Test
    void shouldAllocateNothingToCheckACallAgainstCarriedConstraints() {
        final long[] clock = {Warrants.NOW + 10};
        final WarrantKeyRing ring = Warrants.hmacRing();
        final byte[] w = Warrants.issueConstrained(ring, Warrants::supportConstraints);
        final CallArguments args = new CallArguments();
        final Presentation call = new Presentation();
        final VerificationResult result = new VerificationResult();
        final OfflineVerifier uncached = Warrants.verifier(ring, clock).cacheSlots(0).build();
        final OfflineVerifier cached = Warrants.verifier(ring, clock).build();
        final VerifyReason[] last = new VerifyReason[1];
        final long[] amount = {150_00};
        final Runnable refund = () -> {
            args.clear().tool(0, 3).number(0, amount[0]).text(1, "EUR").text(2, "ord-12345");
            call.reset().holder(Warrants.READER).capability(Warrants.WRITE).arguments(args);
            last[0] = uncached.verify(w, 0, w.length, call, result);
        };
        assertEquals(0, allocated(refund));
        assertEquals(VerifyReason.OK, last[0]);
        assertEquals(true, result.made(Check.CONSTRAINTS));
        amount[0] = 250_00;
        assertEquals(0, allocated(refund), "a refusal naming the argument and constraint allocates nothing either");
        assertEquals(VerifyReason.ARGUMENT_CONSTRAINT, last[0]);
        final Runnable mail = () -> {
            args.clear().tool(3, 1).text(3, "bob@customer.example");
            call.reset().holder(Warrants.READER).capability(Warrants.READ).arguments(args);
            last[0] = cached.verify(w, 0, w.length, call, result);
        };
        assertEquals(0, allocated(mail));
        assertEquals(VerifyReason.OK, last[0]);
        assertEquals(true, result.made(Check.CACHE_HIT));
    }
}
