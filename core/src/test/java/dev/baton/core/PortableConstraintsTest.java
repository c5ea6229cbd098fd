package dev.baton.core;

import dev.baton.Argument;
import dev.baton.Outcome;
import dev.baton.Reason;
import dev.baton.ToolArguments;
import dev.baton.codec.CodecError;
import dev.baton.codec.ConstraintsLayout;
import dev.baton.codec.IdentityId;
import dev.baton.codec.PortableWarrantAuthenticator;
import dev.baton.codec.PortableWarrantDecoder;
import dev.baton.codec.PortableWarrantEncoder;
import dev.baton.codec.PortableWarrantLayout;
import dev.baton.codec.WarrantKey;
import dev.baton.codec.WarrantKeyRing;
import dev.baton.verifier.CallArguments;
import dev.baton.verifier.OfflineVerifier;
import dev.baton.verifier.Presentation;
import dev.baton.verifier.RevocationSet;
import dev.baton.verifier.VerificationResult;
import dev.baton.verifier.VerifyReason;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Engines issue portable warrants that carry the grant's effective constraints (and budgets), an offline
 * verifier refuses what the engine would, and an engine that accepts a foreign warrant holds the mirror and
 * its children to the carried constraints ({@code src/policies/refunds-constrained.yaml}).
 */
class PortableConstraintsTest {
    private static final long NOW = 1_790_000_000_000L;
    private static final String SUPPORT = "spiffe://acme.example/agent/support";
    private static final String PARTNER = "spiffe://partner.example/mcp/summariser";
    private static final WarrantKeyRing A_KEYS = new WarrantKeyRing(0, WarrantKey.hmacSha256(1,
        "engine one's secret, 32 bytes long!".getBytes(StandardCharsets.US_ASCII)));
    private static final WarrantKeyRing B_KEYS = new WarrantKeyRing(0, WarrantKey.hmacSha256(2,
        "engine two's secret, 32 bytes long!".getBytes(StandardCharsets.US_ASCII)));

    private final CompiledPolicy policy = TestPolicies.example("refunds-constrained.yaml");
    private final ManualClock clock = new ManualClock(NOW);
    private final DecisionCore a = new DecisionCore(policy, clock);
    private final PortableGate gateA = new PortableGate(a, 1, A_KEYS, new RevocationSet(), new int[0],
        new WarrantKeyRing[0]);
    private final DecisionCore b = new DecisionCore(policy, clock);
    private final PortableGate gateB = new PortableGate(b, 2, B_KEYS, new RevocationSet(), new int[] {1},
        new WarrantKeyRing[] {A_KEYS});
    private final DecisionSlot d = new DecisionSlot();
    private final byte[] buffer = new byte[PortableWarrantLayout.MAX_LENGTH];
    private final ToolArguments args = new ToolArguments();

    private long supportRoot() {
        a.open(a.identity("user:ana@acme.example"), policy.purpose("refund"), a.identity(SUPPORT), new ScopeBits(policy)
            .capability("ledger.refund", "refund").capability("mail.send", "send")
            .capability("doc.summarize", "summarize").data("public").data("financial"), d);
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(policy));
        return d.grantId();
    }

    private long partnerChild(final long root) {
        a.delegate(root, a.identity(SUPPORT), a.identity(PARTNER), new ScopeBits(policy)
            .capability("doc.summarize", "summarize").data("public"), d);
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(policy));
        return d.grantId();
    }

    private byte[] write(final PortableGate gate, final long grant) {
        final int n = gate.write(grant, buffer, 0);
        assertTrue(n > 0, "a live grant gets a warrant");
        return Arrays.copyOf(buffer, n);
    }

    @Test
    void shouldIssueWarrantsCarryingTheGrantsEffectiveConstraints() {
        final long root = supportRoot();
        final PortableWarrantDecoder w = new PortableWarrantDecoder();
        final byte[] support = write(gateA, root);
        assertEquals(CodecError.OK, w.wrap(support, 0, support.length, null));
        assertTrue(w.hasConstraints());
        final int amount = policy.constraints().argument("ledger.refund", "amount");
        assertEquals(4, w.constraints().count(), "amount, currency, order and mail's recipient: the support ceiling");
        assertEquals(amount, w.constraints().argument(0));
        assertEquals(ConstraintsLayout.RANGE, w.constraints().kind(0));
        assertEquals(20_000, w.constraints().number(0, 1), "200.00 at scale 2");
        assertEquals(0, w.budgetCount(), "the refund purpose has no budget");
        final byte[] partner = write(gateA, partnerChild(root));
        assertEquals(CodecError.OK, w.wrap(partner, 0, partner.length, null));
        assertEquals(1, w.constraints().count(), "an external grant carries its domain's external limit");
        assertEquals(ConstraintsLayout.PREFIX, w.constraints().kind(0));
        assertEquals(policy.constraints().argument("doc.summarize", "path"), w.constraints().argument(0));
    }

    @Test
    void shouldLetAnOfflineVerifierRefuseWhatTheEngineWould() {
        final byte[] partner = write(gateA, partnerChild(supportRoot()));
        final OfflineVerifier verifier = OfflineVerifier.builder(policy.layoutFingerprint()).trust(1, A_KEYS)
            .clock(clock::millis).build();
        final int path = policy.constraints().argument("doc.summarize", "path");
        final CallArguments call = new CallArguments().tool(path, 1).text(path, "kb/private/salaries");
        final Presentation p = new Presentation().holder(IdentityId.of(PARTNER))
            .capability(policy.capability("doc.summarize", "summarize")).arguments(call);
        final VerificationResult result = new VerificationResult();
        assertEquals(VerifyReason.ARGUMENT_CONSTRAINT, verifier.verify(partner, 0, partner.length, p, result));
        assertEquals(path, result.refusedArgument());
        assertEquals("prefix 'kb/public/'", result.refusedConstraint().text());
        call.clear().tool(path, 1).text(path, "kb/public/faq");
        assertEquals(VerifyReason.OK, verifier.verify(partner, 0, partner.length, p, result), result::toString);
    }

    @Test
    void shouldHoldAForeignMirrorToTheConstraintsItsWarrantCarried() {
        final byte[] partner = write(gateA, partnerChild(supportRoot()));
        final int presenter = b.identity(PARTNER);
        final long mirror = gateB.verify(partner, 0, partner.length, presenter, d);
        assertNotEquals(0, mirror, () -> d.describe(policy));
        final Argument path = policy.api().argument("doc.summarize", "path");
        final int summarize = policy.capability("doc.summarize", "summarize");
        b.authorize(mirror, presenter, summarize, policy.dataClass("public"), null,
            args.clear().string(path, "kb/private/salaries"), d);
        assertEquals(Reason.ARGUMENT_CONSTRAINT, d.reason(),
            "on B the partner holds a root of its own zone: only the carried external limit refuses this");
        b.authorize(mirror, presenter, summarize, policy.dataClass("public"), null,
            args.clear().string(path, "kb/public/faq"), d);
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(policy));
        final PortableWarrantDecoder w = new PortableWarrantDecoder();
        final byte[] again = write(gateB, mirror);
        assertEquals(CodecError.OK, w.wrap(again, 0, again.length, null));
        assertEquals(1, w.constraints().count(), "B's warrant for the mirror carries what A's carried");
    }

    private byte[] foreign(final String holder, final Consumer<dev.baton.codec.ConstraintsEncoder> constraints) {
        final ScopeBits scope = new ScopeBits(policy).capability("doc.summarize", "summarize")
            .capability("ledger.refund", "refund").data("public").data("financial");
        final long[] words = new long[scope.words()];
        scope.getCapabilityWords(words, 0);
        final PortableWarrantEncoder e = new PortableWarrantEncoder().reset()
            .layout(policy.layoutFingerprint(), policy.versionId()).validity(NOW, NOW + 60_000)
            .purpose(policy.purpose("refund")).dataClasses(scope.dataBits())
            .principal(IdentityId.of("user:ana@acme.example")).capabilities(words, words.length)
            .hop(41, 1, IdentityId.of(holder));
        constraints.accept(e.constraints());
        return Arrays.copyOf(buffer, new PortableWarrantAuthenticator(A_KEYS).sign(buffer, 0, e.encode(buffer, 0)));
    }

    @Test
    void shouldRefuseADelegationThatWouldWidenACarriedConstraint() {
        final int path = policy.constraints().argument("doc.summarize", "path");
        final byte[] w = foreign(SUPPORT, c -> c.texts(path, ConstraintsLayout.PREFIX, "kb/"));
        final int support = b.identity(SUPPORT);
        final long mirror = gateB.verify(w, 0, w.length, support, d);
        assertNotEquals(0, mirror, () -> d.describe(policy));
        b.delegate(mirror, support, b.identity(PARTNER), new ScopeBits(policy).capability("doc.summarize", "summarize")
            .data("public"), d);
        assertEquals(Reason.CONSTRAINT_NOT_ATTENUATED, d.reason(),
            "the partner's ceiling does not keep summaries under kb/: its grant would be wider");
        b.delegate(mirror, support, b.identity("spiffe://acme.example/agent/escalation"), new ScopeBits(policy)
            .capability("ledger.refund", "refund").data("financial"), d);
        assertTrue(d.reason() != Reason.CONSTRAINT_NOT_ATTENUATED || d.rule() != DecisionSlot.NONE,
            "a carried constraint on another tool's argument does not bind a refund delegation (the policy's own"
                + " rule may refuse it)");
    }

    @Test
    void shouldRefuseAForeignWarrantWhoseConstraintsThisPolicyCannotRead() {
        final int currency = policy.constraints().argument("ledger.refund", "currency");
        final int support = b.identity(SUPPORT);
        for (final byte[] w : new byte[][] {
            foreign(SUPPORT, c -> c.range(policy.constraints().argumentCount(), 0, 1)),
            foreign(SUPPORT, c -> c.range(currency, 0, 1)),
            foreign(SUPPORT, c -> c.texts(currency, ConstraintsLayout.REGEX, "(E|U"))}) {
            assertEquals(0, gateB.verify(w, 0, w.length, support, d));
            assertTrue(d.reason() == Reason.WARRANT_CONSTRAINTS_UNREADABLE || d.reason() == Reason.MALFORMED_WARRANT,
                d.reason()::name);
        }
        final byte[] w = foreign(SUPPORT, c -> c.range(policy.constraints().argumentCount(), 0, 1));
        gateB.verify(w, 0, w.length, support, d);
        assertEquals(Reason.WARRANT_CONSTRAINTS_UNREADABLE, d.reason(), "an argument index the policy does not declare");
    }

    @Test
    void shouldKeepCarriedConstraintsThroughASnapshot() {
        final byte[] partner = write(gateA, partnerChild(supportRoot()));
        final int presenter = b.identity(PARTNER);
        final long mirror = gateB.verify(partner, 0, partner.length, presenter, d);
        final org.agrona.ExpandableArrayBuffer snap = new org.agrona.ExpandableArrayBuffer(1 << 12);
        final int end = CoreSnapshot.encodeForeign(gateB, snap, CoreSnapshot.encode(b, snap, 0));
        final CoreSnapshot.Restorer r = new CoreSnapshot.Restorer();
        for (int o = 0; o < end;) {
            final long length = snap.getLong(o + 8, java.nio.ByteOrder.LITTLE_ENDIAN);
            r.accept(snap.getShort(o, java.nio.ByteOrder.LITTLE_ENDIAN), snap.getShort(o + 2,
                java.nio.ByteOrder.LITTLE_ENDIAN), o + 16, (int) length);
            o = (int) ((o + 16 + length + 7) & ~7L);
        }
        final DecisionCore restored = r.restore(snap, v -> policy, clock, null);
        final PortableGate again = new PortableGate(restored, 2, B_KEYS, new RevocationSet(), new int[] {1},
            new WarrantKeyRing[] {A_KEYS});
        r.restoreForeign(snap, again);
        restored.authorize(mirror, restored.identity(PARTNER), policy.capability("doc.summarize", "summarize"),
            policy.dataClass("public"), null, args.clear().string(policy.api().argument("doc.summarize", "path"),
                "kb/private/salaries"), d);
        assertEquals(Reason.ARGUMENT_CONSTRAINT, d.reason(), "the restored mirror is still held to its carried limit");
    }

    @Test
    void shouldKeepRefusingCarriedConstraintsOfAnotherLayoutAfterASnapshot() throws Exception {
        final byte[] partner = write(gateA, partnerChild(supportRoot()));
        final long mirror = gateB.verify(partner, 0, partner.length, b.identity(PARTNER), d);
        final String text = java.nio.file.Files.readString(TestPolicies.repoRoot().resolve(
            "src/policies/refunds-constrained.yaml"));
        final CompiledPolicy renumbered = PolicyCompiler.compile(dev.baton.policy.PolicyParser.parse("renumbered.yaml",
            text.replace("version: \"refunds-constrained-1\"", "version: \"refunds-constrained-2\"")
                .replace("    doc.summarize:\n      path:", "    doc.summarize:\n      lang: {type: string}\n      path:")));
        assertTrue(renumbered.layoutFingerprint() != policy.layoutFingerprint(), "a new argument renumbers the table");
        b.swap(renumbered);
        final int summarize = renumbered.capability("doc.summarize", "summarize");
        b.authorize(mirror, b.identity(PARTNER), summarize, renumbered.dataClass("public"), null,
            args.clear().string(renumbered.api().argument("doc.summarize", "path"), "kb/public/faq"), d);
        assertEquals(Reason.WARRANT_CONSTRAINTS_UNREADABLE, d.reason(), "live: the carried indexes are another layout's");
        final org.agrona.ExpandableArrayBuffer snap = new org.agrona.ExpandableArrayBuffer(1 << 12);
        final int end = CoreSnapshot.encodeForeign(gateB, snap, CoreSnapshot.encode(b, snap, 0));
        final CoreSnapshot.Restorer r = new CoreSnapshot.Restorer();
        for (int o = 0; o < end;) {
            final long length = snap.getLong(o + 8, java.nio.ByteOrder.LITTLE_ENDIAN);
            r.accept(snap.getShort(o, java.nio.ByteOrder.LITTLE_ENDIAN), snap.getShort(o + 2,
                java.nio.ByteOrder.LITTLE_ENDIAN), o + 16, (int) length);
            o = (int) ((o + 16 + length + 7) & ~7L);
        }
        final DecisionCore restored = r.restore(snap, v -> renumbered, clock, null);
        r.restoreForeign(snap, new PortableGate(restored, 2, B_KEYS, new RevocationSet(), new int[] {1},
            new WarrantKeyRing[] {A_KEYS}));
        restored.authorize(mirror, restored.identity(PARTNER), summarize, renumbered.dataClass("public"), null,
            args.clear().string(renumbered.api().argument("doc.summarize", "path"), "kb/public/faq"), d);
        assertEquals(Reason.WARRANT_CONSTRAINTS_UNREADABLE, d.reason(),
            "restored: still refused, not read again under the new layout");
    }

    @Test
    void shouldWriteAConstrainedWarrantWithoutAllocating() {
        final long root = supportRoot();
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        int n = 0;
        for (int i = 0; i < 200_000; i++) {
            n = gateA.write(root, buffer, 0);
        }
        // Retried only to step over a JIT recompilation: a deoptimisation re-allocates the objects the
        // compiler had scalar-replaced (a few hundred bytes, seen once in a CI run); a steady allocation
        // shows in every attempt.
        final long[] attempts = new long[5];
        long allocated = -1;
        for (int attempt = 0; attempt < attempts.length && allocated != 0; attempt++) {
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 50_000; i++) {
                n = gateA.write(root, buffer, 0);
            }
            allocated = threads.getCurrentThreadAllocatedBytes() - before;
            attempts[attempt] = allocated;
        }
        assertEquals(0, allocated, () -> "writing a warrant with 4 constraints allocates nothing; bytes per attempt "
            + java.util.Arrays.toString(attempts));
        final PortableWarrantDecoder w = new PortableWarrantDecoder();
        assertEquals(CodecError.OK, w.wrap(buffer, 0, n, null));
        assertEquals(4, w.constraints().count(), "the warrant carries its constraints");
    }

    @Test
    void shouldCarryEachBudgetsRemainderAtIssue() {
        final String finance = "spiffe://acme.example/agent/finance";
        a.open(a.identity("user:ana@acme.example"), policy.purpose("refund-batch"), a.identity(finance),
            new ScopeBits(policy).capability("ledger.refund", "refund").data("financial"), d);
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(policy));
        final long batch = d.grantId();
        final PortableWarrantDecoder w = new PortableWarrantDecoder();
        byte[] bytes = write(gateA, batch);
        assertEquals(CodecError.OK, w.wrap(bytes, 0, bytes.length, null));
        assertEquals(1, w.budgetCount());
        assertEquals(0, w.budget(0), "refund-total, the policy's first budget");
        assertEquals(500_000, w.budgetRemaining(0), "5000.00 at scale 2");
        a.authorize(batch, a.identity(finance), policy.capability("ledger.refund", "refund"),
            policy.dataClass("financial"), null, args.clear().decimal(policy.api().argument("ledger.refund", "amount"),
                120_00, 2).string(policy.api().argument("ledger.refund", "currency"), "EUR"), d);
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(policy));
        bytes = write(gateA, batch);
        assertEquals(CodecError.OK, w.wrap(bytes, 0, bytes.length, null));
        assertEquals(488_000, w.budgetRemaining(0), "a warrant written later carries what is left then");
    }
}
