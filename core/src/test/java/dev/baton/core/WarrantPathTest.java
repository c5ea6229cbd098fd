package dev.baton.core;

import dev.baton.Reason;
import dev.baton.Outcome;
import dev.baton.codec.KeyRing;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** open/delegate/fanOut/authorize over signed warrant bytes. */
class WarrantPathTest extends CoreFixture {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private KeyRing keys;
    private final UnsafeBuffer root = new UnsafeBuffer(new byte[1024]);
    private final UnsafeBuffer child = new UnsafeBuffer(new byte[1024]);
    private int rootLength;

    @BeforeEach
    void warrants() {
        keys = new KeyRing(10 * MINUTE, 1, SECRET);
        core = new DecisionCore(POLICY, clock, keys);
        setUpIdentities();
        final ScopeBits s = scope().capability("crm.lookup", "read").capability("doc.summarize", "summarize")
            .data("public").data("internal").data("customer_pii");
        rootLength = core.open(alice, refund, planner, s, d, root, 0);
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(POLICY));
        assertTrue(rootLength > 0 && rootLength <= core.maxWarrantLength());
    }

    private void setUpIdentities() {
        alice = core.identity("user:alice@acme.example");
        planner = core.identity("spiffe://acme.example/agent/planner");
        reader = core.identity("spiffe://acme.example/agent/reader/crm");
        partner = core.identity("spiffe://partner.example/mcp/summariser");
    }

    private ScopeBits read() {
        return scope().capability("crm.lookup", "read").data("internal");
    }

    @Test
    void shouldDelegateAndAuthorizeOnWarrantBytes() {
        final int length = core.delegate(root, 0, rootLength, planner, reader, read(), d, child, 0);
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(POLICY));
        assertTrue(length > 0);
        core.authorize(child, 0, length, reader, cap("crm.lookup", "read"), data("internal"), "ticket 9", d);
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(POLICY));
        assertEquals(1, d.depth());
    }

    @Test
    void shouldIssueWarrantForGrantAllowedById() {
        core.delegate(1, planner, reader, read(), d); // grant 1: the root opened in warrants()
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(POLICY));
        final int length = core.warrant(d.grantId(), child, 0);
        assertTrue(length > 0);
        core.authorize(child, 0, length, reader, cap("crm.lookup", "read"), data("internal"), "x", d);
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(POLICY));
        core.revoke(d.grantId(), planner, d);
        assertEquals(0, core.warrant(d.grantId(), child, 0), "no warrant for a revoked grant");
    }

    @Test
    void shouldRejectWarrantPresentedByAnotherIdentity() {
        core.delegate(root, 0, rootLength, reader, reader, read(), d, child, 0);
        assertDenied(Reason.NOT_HOLDER, "(none)");
    }

    @Test
    void shouldRejectEverySingleBitFlipOfAnIssuedWarrant() {
        final byte[] original = new byte[rootLength];
        root.getBytes(0, original);
        for (int bit = 0; bit < rootLength * 8; bit++) {
            final UnsafeBuffer tampered = new UnsafeBuffer(original.clone());
            tampered.putByte(bit >>> 3, (byte) (tampered.getByte(bit >>> 3) ^ (1 << (bit & 7))));
            core.authorize(tampered, 0, rootLength, planner, cap("crm.lookup", "read"), data("internal"), "x", d);
            assertEquals(Outcome.DENY, d.outcome(), "bit " + bit + " flipped was accepted");
        }
    }

    @Test
    void shouldRejectTruncatedWarrantAsMalformed() {
        core.authorize(root, 0, rootLength - 20, planner, cap("crm.lookup", "read"), data("internal"), "x", d);
        assertEquals(Outcome.DENY, d.outcome());
        assertTrue(d.reason() == Reason.MALFORMED_WARRANT || d.reason() == Reason.BAD_MAC, d::toString);
    }

    @Test
    void shouldRejectGenuineWarrantOnceExpiredOrRevoked() {
        final int length = core.delegate(root, 0, rootLength, planner, reader, read(), d, child, 0);
        core.revoke(d.grantId(), planner, d);
        core.authorize(child, 0, length, reader, cap("crm.lookup", "read"), data("internal"), "x", d);
        assertDenied(Reason.REVOKED, "(none)");
        clock.advance(31 * MINUTE); // customer_pii: the sensitive tier, 30 minutes
        core.delegate(root, 0, rootLength, planner, reader, read(), d, child, 0);
        assertDenied(Reason.EXPIRED, "(none)");
    }

    @Test
    void shouldRejectWarrantSignedByAnotherKeyRing() {
        final byte[] other = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);
        final DecisionCore stranger = new DecisionCore(POLICY, clock, new KeyRing(MINUTE, 1, other));
        final int a = stranger.identity("user:alice@acme.example");
        final int p = stranger.identity("spiffe://acme.example/agent/planner");
        final int length = stranger.open(a, refund, p, read(), d, child, 0);
        core.authorize(child, 0, length, planner, cap("crm.lookup", "read"), data("internal"), "x", d);
        assertDenied(Reason.BAD_MAC, "(none)");
    }

    @Test
    void shouldHonourRotationGraceThenRetireOldKey() {
        keys.rotate(2, "abcdefabcdefabcdefabcdefabcdefab".getBytes(StandardCharsets.US_ASCII), clock.millis());
        core.authorize(root, 0, rootLength, planner, cap("crm.lookup", "read"), data("internal"), "x", d);
        assertEquals(Outcome.ALLOW, d.outcome(), "old key verifies within its grace window");
        clock.advance(10 * MINUTE);
        core.authorize(root, 0, rootLength, planner, cap("crm.lookup", "read"), data("internal"), "x", d);
        assertDenied(Reason.KEY_RETIRED, "(none)");
    }

    @Test
    void shouldRefuseGenuineWarrantTheCurrentPolicyNoLongerAllows() {
        final int length = core.delegate(root, 0, rootLength, planner, reader, read(), d, child, 0);
        assertEquals(Outcome.ALLOW, d.outcome());
        final CompiledPolicy narrowed = TestPolicies.resource("rules-narrowed.yaml");
        core.swap(narrowed);
        core.authorize(child, 0, length, reader, narrowed.capability("crm.lookup", "read"),
            narrowed.dataClass("internal"), "x", d);
        assertEquals(Reason.AGENT_CEILING, d.reason(), () -> d.describe(narrowed));
        assertEquals("agents.reader.ceiling", narrowed.ruleName(d.rule()));
        core.delegate(root, 0, rootLength, planner, reader,
            new ScopeBits(narrowed).capability("crm.lookup", "read").data("internal"), d, child, 0);
        assertEquals(Reason.AGENT_CEILING, d.reason(), () -> d.describe(narrowed));
    }

    @Test
    void shouldFanOutWarrantsBackToBack() {
        final int[] who = {reader, partner, reader};
        final ScopeBits[] scopes = {read(), scope().capability("doc.summarize", "summarize").data("public"),
            scope().capability("ledger.pay", "purchase")};
        final DecisionSlot[] out = {new DecisionSlot(), new DecisionSlot(), new DecisionSlot()};
        final int[] offsets = new int[3];
        final int[] lengths = new int[3];
        final UnsafeBuffer many = new UnsafeBuffer(new byte[3 * core.maxWarrantLength()]);
        assertEquals(2, core.fanOut(root, 0, rootLength, planner, 3, who, scopes, out, many, 0, offsets, lengths));
        assertEquals(0, offsets[0]);
        assertEquals(lengths[0], offsets[1]);
        assertEquals(0, lengths[2]);
        assertEquals(Reason.NOT_ATTENUATED, out[2].reason());
        core.authorize(many, offsets[1], lengths[1], partner, cap("doc.summarize", "summarize"), data("public"),
            null, d);
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(POLICY));
    }

    @Test
    void shouldDenyWholeFanOutWhenParentWarrantIsForged() {
        root.putByte(20, (byte) (root.getByte(20) ^ 1));
        final DecisionSlot[] out = {new DecisionSlot(), new DecisionSlot()};
        assertEquals(0, core.fanOut(root, 0, rootLength, planner, 2, new int[] {reader, reader},
            new ScopeBits[] {read(), read()}, out, child, 0, new int[2], new int[2]));
        assertEquals(Reason.BAD_MAC, out[0].reason());
        assertEquals(Reason.BAD_MAC, out[1].reason());
    }

    @Test
    void shouldRefuseTooSmallWarrantBufferBeforeDeciding() {
        final int before = core.grantCount();
        assertThrows(IllegalArgumentException.class,
            () -> core.delegate(root, 0, rootLength, planner, reader, read(), d, new UnsafeBuffer(new byte[16]), 0));
        assertEquals(before, core.grantCount(), "no grant was created");
    }
}
