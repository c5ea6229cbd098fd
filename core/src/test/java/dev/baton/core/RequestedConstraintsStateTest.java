package dev.baton.core;

import dev.baton.Argument;
import dev.baton.Outcome;
import dev.baton.Reason;
import dev.baton.ToolArguments;
import dev.baton.codec.CodecError;
import dev.baton.codec.ConstraintsLayout;
import dev.baton.codec.IdentityId;
import dev.baton.codec.PortableWarrantDecoder;
import dev.baton.codec.PortableWarrantLayout;
import dev.baton.codec.WarrantKey;
import dev.baton.codec.WarrantKeyRing;
import dev.baton.constraint.Constraint;
import dev.baton.verifier.CallArguments;
import dev.baton.verifier.OfflineVerifier;
import dev.baton.verifier.Presentation;
import dev.baton.verifier.RevocationSet;
import dev.baton.verifier.VerificationResult;
import dev.baton.verifier.VerifyReason;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-grant state of requested argument constraints ({@link ScopeBits#constrain}): a portable warrant
 * carries them so an offline verifier refuses what the engine would; a snapshot's REQUESTED section restores
 * them exactly; a call checked against them allocates nothing.
 */
class RequestedConstraintsStateTest {
    private static final long NOW = 1_790_000_000_000L;
    private static final String LEAD = "spiffe://acme.example/agent/lead";
    private static final String WORKER = "spiffe://acme.example/agent/worker-1";
    private static final String WORKER2 = "spiffe://acme.example/agent/worker-2";
    private static final WarrantKeyRing KEYS = new WarrantKeyRing(0, WarrantKey.hmacSha256(1,
        "engine one's secret, 32 bytes long!".getBytes(StandardCharsets.US_ASCII)));

    private final CompiledPolicy policy = TestPolicies.resource("requested-constraints.yaml");
    private final ManualClock clock = new ManualClock(NOW);
    private final DecisionCore core = new DecisionCore(policy, clock);
    private final PortableGate gate = new PortableGate(core, 1, KEYS, new RevocationSet(), new int[0],
        new WarrantKeyRing[0]);
    private final DecisionSlot d = new DecisionSlot();
    private final ToolArguments args = new ToolArguments();
    private final int refund = policy.capability("ledger.refund", "refund");
    private final int financial = policy.dataClass("financial");
    private final int amountIndex = policy.constraints().argument("ledger.refund", "amount");
    private final int orderIndex = policy.constraints().argument("ledger.refund", "order");
    private final Argument amount = policy.api().argument("ledger.refund", "amount");
    private final Argument order = policy.api().argument("ledger.refund", "order");

    private ScopeBits refunds(final long hiCents) {
        return new ScopeBits(policy).capability(refund).data("financial")
            .constrain(amountIndex, Constraint.range("range [0.00, " + hiCents + "]", 0, hiCents))
            .constrain(orderIndex, Constraint.strings("exact 'ord-12345'", java.util.List.of("ord-12345")));
    }

    /** The lead's root, and a worker's child held to refunds of at most {@code hiCents}. */
    private long child(final long hiCents) {
        core.open(core.identity("user:ana@acme.example"), policy.purpose("refund"), core.identity(LEAD),
            new ScopeBits(policy).capability(refund).data("financial"), d);
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(policy));
        core.delegate(d.grantId(), core.identity(LEAD), core.identity(WORKER), refunds(hiCents), d);
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(policy));
        return d.grantId();
    }

    private Reason pay(final DecisionCore c, final long grant, final String holder, final long cents) {
        c.authorize(grant, c.identity(holder), refund, financial, null,
            args.clear().decimal(amount, cents, 2).string(order, "ord-12345"), d);
        return d.reason();
    }

    @Test
    void shouldCarryRequestedConstraintsInTheWarrantSoTheVerifierRefusesWhatTheEngineWould() {
        final long child = child(2_500);
        final byte[] buffer = new byte[PortableWarrantLayout.MAX_LENGTH];
        final int n = gate.write(child, buffer, 0);
        assertTrue(n > 0);
        final PortableWarrantDecoder w = new PortableWarrantDecoder();
        assertEquals(CodecError.OK, w.wrap(buffer, 0, n, null));
        boolean carriesRange = false;
        for (int e = 0; e < w.constraints().count(); e++) {
            carriesRange |= w.constraints().argument(e) == amountIndex && w.constraints().kind(e) == ConstraintsLayout.RANGE
                && w.constraints().number(e, 1) == 2_500;
        }
        assertTrue(carriesRange, "the warrant carries the requested range [0, 25.00]");
        final OfflineVerifier verifier = OfflineVerifier.builder(policy.layoutFingerprint()).trust(1, KEYS)
            .clock(clock::millis).build();
        final CallArguments call = new CallArguments().tool(amountIndex, 3).number(amountIndex, 2_501)
            .text(orderIndex, "ord-12345");
        final Presentation p = new Presentation().holder(IdentityId.of(WORKER)).capability(refund).arguments(call);
        final VerificationResult result = new VerificationResult();
        assertEquals(Reason.ARGUMENT_CONSTRAINT, pay(core, child, WORKER, 2_501), "the engine refuses 25.01");
        assertEquals(VerifyReason.ARGUMENT_CONSTRAINT, verifier.verify(buffer, 0, n, p, result), result::toString);
        assertEquals(amountIndex, result.refusedArgument());
        call.clear().tool(amountIndex, 3).number(amountIndex, 2_500).text(orderIndex, "ord-12345");
        assertEquals(Outcome.ALLOW, core.authorize(child, core.identity(WORKER), refund, financial, null,
            args.clear().decimal(amount, 2_500, 2).string(order, "ord-12345"), d).outcome());
        assertEquals(VerifyReason.OK, verifier.verify(buffer, 0, n, p, result), result::toString);
    }

    @Test
    void shouldKeepRequestedConstraintsThroughASnapshot() {
        final long child = child(2_500);
        core.delegate(child, core.identity(WORKER), core.identity(WORKER2), refunds(1_000), d);
        final long grandchild = d.grantId();
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(policy));
        final ExpandableArrayBuffer snap = new ExpandableArrayBuffer(1 << 12);
        final int end = CoreSnapshot.encode(core, snap, 0);
        final CoreSnapshot.Restorer r = new CoreSnapshot.Restorer();
        boolean requested = false;
        for (int o = 0; o < end;) {
            final long length = snap.getLong(o + 8, ByteOrder.LITTLE_ENDIAN);
            final int type = snap.getShort(o, ByteOrder.LITTLE_ENDIAN);
            requested |= type == CoreSnapshot.REQUESTED;
            r.accept(type, snap.getShort(o + 2, ByteOrder.LITTLE_ENDIAN), o + 16, (int) length);
            o = (int) ((o + 16 + length + 7) & ~7L);
        }
        assertTrue(requested, "the snapshot holds a REQUESTED section");
        final DecisionCore restored = r.restore(snap, v -> policy, clock, null);
        for (final long cents : new long[] {0, 999, 1_000, 1_001, 2_500, 2_501, 90_000}) {
            assertEquals(pay(core, child, WORKER, cents), pay(restored, child, WORKER, cents), "child, " + cents);
            assertEquals(pay(core, grandchild, WORKER2, cents), pay(restored, grandchild, WORKER2, cents),
                "grandchild, " + cents);
        }
        assertEquals(Reason.ARGUMENT_CONSTRAINT, pay(restored, grandchild, WORKER2, 1_001));
        restored.delegate(child, restored.identity(WORKER), restored.identity(WORKER2), refunds(3_000), d);
        assertEquals(Reason.CONSTRAINT_NOT_ATTENUATED, d.reason(), "the restored child still bounds its children");
        final ExpandableArrayBuffer again = new ExpandableArrayBuffer(1 << 12);
        final int end2 = CoreSnapshot.encode(restored, again, 0);
        assertEquals(end, end2);
        for (int i = 0; i < end; i++) {
            assertEquals(snap.getByte(i), again.getByte(i), "the restored core snapshots to the same bytes at " + i);
        }
    }

    @Test
    void shouldRefuseCallsOnceASwapRenumbersTheArgumentsTheConstraintsNamed() throws Exception {
        final long child = child(2_500);
        final String text;
        try (java.io.InputStream in = getClass().getResourceAsStream("/policies/requested-constraints.yaml")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        final CompiledPolicy same = PolicyCompiler.compile(dev.baton.policy.PolicyParser.parse("same.yaml",
            text.replace("version: \"requested-constraints-1\"", "version: \"requested-constraints-2\"")));
        core.swap(same);
        assertEquals(Reason.ARGUMENT_CONSTRAINT, pay(core, child, WORKER, 2_501), "the same layout: still held to it");
        assertEquals(Outcome.ALLOW, core.authorize(child, core.identity(WORKER), refund, financial, null,
            args.clear().decimal(amount, 2_500, 2).string(order, "ord-12345"), d).outcome());
        final CompiledPolicy renumbered = PolicyCompiler.compile(dev.baton.policy.PolicyParser.parse("renumbered.yaml",
            text.replace("    ledger.refund:\n      amount:", "    ledger.refund:\n      note: {type: string}\n      amount:")));
        assertTrue(renumbered.layoutFingerprint() != policy.layoutFingerprint(), "a new argument renumbers the table");
        core.swap(renumbered);
        core.authorize(child, core.identity(WORKER), refund, financial, null, args.clear()
            .decimal(renumbered.api().argument("ledger.refund", "amount"), 100, 2)
            .string(renumbered.api().argument("ledger.refund", "order"), "ord-12345"), d);
        assertEquals(Reason.WARRANT_CONSTRAINTS_UNREADABLE, d.reason(),
            "indexes stored under another layout mean nothing: refused, never unchecked");
        assertEquals(0, gate.write(child, new byte[PortableWarrantLayout.MAX_LENGTH], 0),
            "no warrant that would say less than the engine enforces");
    }

    @Test
    void shouldAuthorizeUnderRequestedConstraintsWithoutAllocating() {
        final long child = child(2_500);
        final int worker = core.identity(WORKER);
        for (int i = 0; i < 200_000; i++) {
            core.authorize(child, worker, refund, financial, null,
                args.clear().decimal(amount, i % 3_000, 2).string(order, "ord-12345"), d);
        }
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        final long[] attempts = new long[5];
        long allocated = -1;
        for (int attempt = 0; attempt < attempts.length && allocated != 0; attempt++) {
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 50_000; i++) {
                core.authorize(child, worker, refund, financial, null,
                    args.clear().decimal(amount, i % 3_000, 2).string(order, "ord-12345"), d);
            }
            allocated = threads.getCurrentThreadAllocatedBytes() - before;
            attempts[attempt] = allocated;
        }
        assertEquals(0, allocated, () -> "authorize under requested constraints allocates nothing; bytes per attempt "
            + Arrays.toString(attempts));
    }
}
