package dev.baton.core;

import dev.baton.Outcome;
import dev.baton.Reason;
import dev.baton.codec.CodecError;
import dev.baton.codec.ErrorDetail;
import dev.baton.codec.KeyRing;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** open/delegate/fanOut/authorize over signed warrant bytes: verify, decide on the grant id, write. */
class WarrantPathTest extends CoreFixture {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private KeyRing keys;
    private WarrantGate gate;
    private final UnsafeBuffer root = new UnsafeBuffer(new byte[1024]);
    private final UnsafeBuffer child = new UnsafeBuffer(new byte[1024]);
    private int rootLength;

    @BeforeEach
    void warrants() {
        keys = new KeyRing(10 * MINUTE, 1, SECRET);
        core = new DecisionCore(POLICY, clock, CoreSettings.DEFAULT.withKeys(keys));
        gate = core.warrants();
        setUpIdentities();
        final ScopeBits s = scope().capability("crm.lookup", "read").capability("doc.summarize", "summarize")
            .data("public").data("internal").data("customer_pii");
        core.open(alice, refund, planner, s, d);
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(POLICY));
        rootLength = gate.write(d.grantId(), root, 0);
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

    /** A delegation on presented warrant bytes, as the engine runs one: the child's warrant length, or 0. */
    private int delegate(final UnsafeBuffer parent, final int length, final int presenter, final int delegatee,
                         final ScopeBits s) {
        gate.requireRoom(child, 0, 1);
        final long parentId = gate.verify(parent, 0, length, presenter, d);
        if (parentId == 0 || !core.delegate(parentId, presenter, delegatee, s, d).allowed()) {
            return 0;
        }
        return gate.write(d.grantId(), child, 0);
    }

    /** A tool call on presented warrant bytes. */
    private DecisionSlot authorize(final UnsafeBuffer warrant, final int offset, final int length, final int presenter,
                                   final int capability, final int dataClass) {
        final long grant = gate.verify(warrant, offset, length, presenter, d);
        return grant == 0 ? d : core.authorize(grant, presenter, capability, dataClass, "ticket 9", d);
    }

    @Test
    void shouldDelegateAndAuthorizeOnWarrantBytes() {
        final int length = delegate(root, rootLength, planner, reader, read());
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(POLICY));
        assertTrue(length > 0);
        authorize(child, 0, length, reader, cap("crm.lookup", "read"), data("internal"));
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(POLICY));
        assertEquals(1, d.depth());
    }

    @Test
    void shouldVerifyWarrantIntoTheGrantItNamesEvenWhenTheCallIsThenDenied() {
        final long rootId = gate.verify(root, 0, rootLength, planner, d);
        assertEquals(1, rootId, "the root opened in warrants()");
        core.authorize(rootId, planner, cap("ledger.pay", "purchase"), data("internal"), "x", d);
        assertEquals(Reason.CAPABILITY_NOT_GRANTED, d.reason(), "the journal still records grant 1");
    }

    @Test
    void shouldIssueWarrantForGrantAllowedById() {
        core.delegate(1, planner, reader, read(), d); // grant 1: the root opened in warrants()
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(POLICY));
        final int length = gate.write(d.grantId(), child, 0);
        assertTrue(length > 0);
        authorize(child, 0, length, reader, cap("crm.lookup", "read"), data("internal"));
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(POLICY));
        core.revoke(d.grantId(), planner, d);
        assertEquals(0, gate.write(d.grantId(), child, 0), "no warrant for a revoked grant");
    }

    @Test
    void shouldRejectWarrantPresentedByAnotherIdentity() {
        delegate(root, rootLength, reader, reader, read());
        assertDenied(Reason.NOT_HOLDER, "(none)");
    }

    @Test
    void shouldRejectEverySingleBitFlipOfAnIssuedWarrant() {
        final byte[] original = new byte[rootLength];
        root.getBytes(0, original);
        for (int bit = 0; bit < rootLength * 8; bit++) {
            final UnsafeBuffer tampered = new UnsafeBuffer(original.clone());
            tampered.putByte(bit >>> 3, (byte) (tampered.getByte(bit >>> 3) ^ (1 << (bit & 7))));
            assertEquals(0, gate.verify(tampered, 0, rootLength, planner, d), "bit " + bit + " flipped was accepted");
            assertEquals(Outcome.DENY, d.outcome());
        }
    }

    @Test
    void shouldRejectTruncatedWarrantAsMalformedAndSayWhere() {
        final ErrorDetail error = new ErrorDetail();
        assertEquals(0, gate.verify(root, 0, rootLength - 20, planner, d, error));
        assertEquals(Outcome.DENY, d.outcome());
        assertTrue(d.reason() == Reason.MALFORMED_WARRANT || d.reason() == Reason.BAD_MAC, d::toString);
        if (d.reason() == Reason.MALFORMED_WARRANT) {
            assertNotEquals(CodecError.OK, error.error(), "the detail names what was wrong");
        }
    }

    @Test
    void shouldRejectGenuineWarrantOnceExpiredOrRevoked() {
        final int length = delegate(root, rootLength, planner, reader, read());
        core.revoke(d.grantId(), planner, d);
        authorize(child, 0, length, reader, cap("crm.lookup", "read"), data("internal"));
        assertDenied(Reason.REVOKED, "(none)");
        clock.advance(31 * MINUTE); // customer_pii: the sensitive tier, 30 minutes
        delegate(root, rootLength, planner, reader, read());
        assertDenied(Reason.EXPIRED, "(none)");
    }

    @Test
    void shouldRejectWarrantSignedByAnotherKeyRing() {
        final byte[] other = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);
        final DecisionCore stranger = new DecisionCore(POLICY, clock,
            CoreSettings.DEFAULT.withKeys(new KeyRing(MINUTE, 1, other)));
        final int a = stranger.identity("user:alice@acme.example");
        final int p = stranger.identity("spiffe://acme.example/agent/planner");
        stranger.open(a, refund, p, read(), d);
        final int length = stranger.warrants().write(d.grantId(), child, 0);
        authorize(child, 0, length, planner, cap("crm.lookup", "read"), data("internal"));
        assertDenied(Reason.BAD_MAC, "(none)");
    }

    @Test
    void shouldHonourRotationGraceThenRetireOldKey() {
        keys.rotate(2, "abcdefabcdefabcdefabcdefabcdefab".getBytes(StandardCharsets.US_ASCII), clock.millis());
        authorize(root, 0, rootLength, planner, cap("crm.lookup", "read"), data("internal"));
        assertEquals(Outcome.ALLOW, d.outcome(), "old key verifies within its grace window");
        clock.advance(10 * MINUTE);
        authorize(root, 0, rootLength, planner, cap("crm.lookup", "read"), data("internal"));
        assertDenied(Reason.KEY_RETIRED, "(none)");
    }

    @Test
    void shouldRefuseGenuineWarrantTheCurrentPolicyNoLongerAllows() {
        final int length = delegate(root, rootLength, planner, reader, read());
        assertEquals(Outcome.ALLOW, d.outcome());
        final CompiledPolicy narrowed = TestPolicies.resource("rules-narrowed.yaml");
        core.swap(narrowed);
        final long grant = gate.verify(child, 0, length, reader, d);
        core.authorize(grant, reader, narrowed.capability("crm.lookup", "read"), narrowed.dataClass("internal"), "x", d);
        assertEquals(Reason.AGENT_CEILING, d.reason(), () -> d.describe(narrowed));
        assertEquals("agents.reader.ceiling", narrowed.ruleName(d.rule()));
        delegate(root, rootLength, planner, reader,
            new ScopeBits(narrowed).capability("crm.lookup", "read").data("internal"));
        assertEquals(Reason.AGENT_CEILING, d.reason(), () -> d.describe(narrowed));
    }

    @Test
    void shouldFanOutOnAVerifiedWarrantAndWriteChildWarrantsBackToBack() {
        final int[] who = {reader, partner, reader};
        final ScopeBits[] scopes = {read(), scope().capability("doc.summarize", "summarize").data("public"),
            scope().capability("ledger.pay", "purchase")};
        final DecisionSlot[] out = {new DecisionSlot(), new DecisionSlot(), new DecisionSlot()};
        final UnsafeBuffer many = new UnsafeBuffer(new byte[3 * core.maxWarrantLength()]);
        gate.requireRoom(many, 0, 3);
        final long parent = gate.verify(root, 0, rootLength, planner, out[0]);
        assertEquals(2, core.fanOut(parent, planner, 3, who, scopes, out));
        assertEquals(Reason.NOT_ATTENUATED, out[2].reason());
        final int first = gate.write(out[0].grantId(), many, 0);
        final int second = gate.write(out[1].grantId(), many, first);
        assertTrue(first > 0 && second > 0);
        authorize(many, first, second, partner, cap("doc.summarize", "summarize"), data("public"));
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(POLICY));
    }

    @Test
    void shouldRefuseForgedWarrantBeforeAnyGrantIsLookedUpOrCreated() {
        root.putByte(20, (byte) (root.getByte(20) ^ 1));
        final int before = core.grantCount();
        assertEquals(0, gate.verify(root, 0, rootLength, planner, d));
        assertEquals(Reason.BAD_MAC, d.reason());
        assertEquals(before, core.grantCount());
    }

    @Test
    void shouldRefuseTooSmallWarrantBufferBeforeDeciding() {
        final UnsafeBuffer small = new UnsafeBuffer(new byte[16]);
        assertThrows(IllegalArgumentException.class, () -> gate.requireRoom(small, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> gate.requireRoom(child, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> gate.requireRoom(child, 0, 1024));
        assertThrows(IllegalArgumentException.class, () -> gate.write(1, small, 0));
    }

    @Test
    void shouldRefuseWarrantsOnACoreBuiltWithoutKeyRing() {
        final DecisionCore plain = new DecisionCore(POLICY, clock);
        final IllegalStateException e = assertThrows(IllegalStateException.class, plain::warrants);
        assertTrue(e.getMessage().contains("KeyRing"), e::getMessage);
    }
}
