package dev.baton.engine;

import dev.baton.Outcome;
import dev.baton.codec.CompactDecisionBodies;
import dev.baton.codec.CompactDecisionLayout;
import dev.baton.codec.DecisionBodyEncoder;
import dev.baton.codec.DecisionBodyLayout;
import dev.baton.codec.DecisionEncoder;
import dev.baton.codec.DecisionOutcome;
import dev.baton.codec.ErrorDetail;
import dev.baton.codec.JournalRecordLayout;
import dev.baton.core.DecisionSlot;
import dev.baton.core.ScopeBits;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.baton.engine.EngineFixture.POLICY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A DECISION record writes the same bytes whatever the buffer held before, for every kind of request and
 * outcome; its compact form expands to exactly the DECISION body of the full form; and the journal stores it,
 * encoded straight into its packed form, exactly as it stores the body encoded first.
 */
class DecisionRecordTest {
    private static final int LENGTH = 4096;

    /** Decides seven requests of every kind (opens, delegations, a fan-out, authorizations, a denial, a revoke). */
    private static List<Request> decideSeven(final Path dir) {
        final List<Request> decided = new ArrayList<>();
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir).fsync(FsyncMode.NONE, 0))) {
            final int alice = engine.identity("user:alice@acme.example");
            final int planner = engine.identity("spiffe://acme.example/agent/planner");
            final int reader = engine.identity("spiffe://acme.example/agent/reader/crm");
            final ScopeBits root = EngineFixture.rootScope(POLICY);
            final ScopeBits read = EngineFixture.readScope(POLICY);
            final Request open = decide(engine, new Request().reset(Request.Op.OPEN, 1).principal(alice).purpose(0)
                .child(planner, root).text("dispute #4411"), decided);
            final long rootGrant = open.decision().grantId();
            final Request delegate = decide(engine, new Request().reset(Request.Op.DELEGATE, 2).grant(rootGrant)
                .presenter(planner).child(reader, read), decided);
            decide(engine, new Request(2).reset(Request.Op.FAN_OUT, 3).grant(rootGrant).presenter(planner)
                .child(reader, read).child(reader, read).text("fan out"), decided);
            final int lookup = POLICY.capability("crm.lookup", "read");
            final int internal = POLICY.dataClass("internal");
            decide(engine, new Request().reset(Request.Op.AUTHORIZE, 4).grant(delegate.decision().grantId())
                .presenter(reader).call(lookup, internal).text("looking up the order")
                .inputDigest(digest(1)).outputDigest(digest(2)), decided);
            decide(engine, new Request().reset(Request.Op.AUTHORIZE, 7).grant(delegate.decision().grantId())
                .presenter(reader).call(lookup, internal).outputDigest(digest(3)), decided);
            final Request denied = decide(engine, new Request().reset(Request.Op.AUTHORIZE, 5)
                .grant(delegate.decision().grantId()).presenter(planner).call(lookup, internal), decided);
            assertFalse(denied.decision().allowed(), "the planner does not hold the reader's grant");
            decide(engine, new Request().reset(Request.Op.REVOKE, 6).grant(delegate.decision().grantId())
                .actor(planner), decided);
        }
        assertEquals(7, decided.size());
        return decided;
    }

    @Test
    void shouldWriteTheSameBytesOverStaleBytesAsOverZeros(@TempDir final Path dir) {
        final List<Request> decided = decideSeven(dir);
        final DecisionRecord record = new DecisionRecord();
        final UnsafeBuffer zeros = new UnsafeBuffer(new byte[LENGTH]);
        final UnsafeBuffer stale = new UnsafeBuffer(new byte[LENGTH]);
        for (final Request r : decided) {
            for (final byte fill : new byte[] {(byte) 0xFF, (byte) 0xA5, 1}) {
                Arrays.fill(zeros.byteArray(), (byte) 0);
                Arrays.fill(stale.byteArray(), fill);
                final int n = record.encode(r, 0, 100, POLICY, zeros, 8);
                assertEquals(n, record.encode(r, 0, 100, POLICY, stale, 8), r.describe(POLICY));
                assertTrue(n >= DecisionBodyLayout.BLOCK_LENGTH + CompactDecisionLayout.MIN_LENGTH,
                    "a body holds at least one compact decision");
                assertArrayEquals(Arrays.copyOfRange(zeros.byteArray(), 8, 8 + n),
                    Arrays.copyOfRange(stale.byteArray(), 8, 8 + n),
                    r.op() + " over bytes of 0x" + Integer.toHexString(fill & 0xFF) + ": " + r.describe(POLICY));
            }
        }
        expandsToTheFullBody(decided);
    }

    /**
     * The engine thread encodes each DECISION body straight into its packed stored form ({@code
     * Journal#beginDecision}); the journal stores exactly what it stores for the same body encoded first and
     * appended ({@code Journal#appendCompactDecision}): the same records, byte for byte, packed against the
     * record before them or not, among other records and seals, and after a body that failed part way.
     */
    @Test
    void shouldStoreADecisionPackedAsItIsEncodedExactlyAsEncodingItFirstStoresIt(@TempDir final Path dir) {
        final List<Request> decided = decideSeven(dir.resolve("engine"));
        final DecisionRecord record = new DecisionRecord();
        final UnsafeBuffer body = new UnsafeBuffer(new byte[LENGTH]);
        final UnsafeBuffer other = new UnsafeBuffer(new byte[40]);
        try (Journal direct = Journal.open(new EngineConfig(POLICY, dir.resolve("direct")).fsync(FsyncMode.NONE, 0));
             Journal encoded = Journal.open(new EngineConfig(POLICY, dir.resolve("encoded")).fsync(FsyncMode.NONE, 0))) {
            long id = 100;
            for (int i = 0; i < 60; i++) {
                final Request r = decided.get(i % decided.size());
                final int refused = i % 5 == 4 ? 7 : 0;
                if (i % 9 == 3) { // a body given up part way appends nothing and leaves the next delta's base alone
                    assertThrows(IllegalArgumentException.class,
                        () -> direct.beginDecision().children(1).child(0).depth(256));
                }
                record.encode(r, refused, id, POLICY, direct.beginDecision());
                direct.endDecision();
                encoded.appendCompactDecision(body, 0, record.encode(r, refused, id, POLICY, body, 0));
                id += r.children();
                if (i % 7 == 6) {
                    other.putLong(0, i);
                    direct.append(RecordType.STOP, other, 0, other.capacity());
                    encoded.append(RecordType.STOP, other, 0, other.capacity());
                }
                if (i % 11 == 10) {
                    direct.seal(0);
                    encoded.seal(0);
                }
            }
            direct.force();
            encoded.force();
        }
        final List<byte[]> expected = withoutSeals(JournalForgery.records(dir.resolve("encoded")));
        final List<byte[]> stored = withoutSeals(JournalForgery.records(dir.resolve("direct")));
        assertEquals(60 + 60 / 7, expected.size());
        int deltas = 0;
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), stored.get(i), "record " + i);
            deltas += (stored.get(i)[JournalRecordLayout.FLAGS_OFFSET] & JournalRecordLayout.FLAG_DELTA) != 0 ? 1 : 0;
        }
        assertEquals(expected.size(), stored.size());
        assertTrue(deltas > 20, "most decisions are packed against the one before: " + deltas);
    }

    private static List<byte[]> withoutSeals(final List<byte[]> records) {
        final List<byte[]> out = new ArrayList<>();
        for (final byte[] r : records) {
            if (JournalForgery.type(r) != RecordType.SEAL) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * The compact form the journal stores expands to exactly the DECISION body of the full form, which
     * {@link #fullBody} encodes here as the engine did before the compact form (the reference).
     */
    private static void expandsToTheFullBody(final List<Request> decided) {
        final DecisionRecord record = new DecisionRecord();
        final UnsafeBuffer compact = new UnsafeBuffer(new byte[LENGTH]);
        final UnsafeBuffer expanded = new UnsafeBuffer(new byte[LENGTH]);
        final UnsafeBuffer full = new UnsafeBuffer(new byte[LENGTH]);
        final ErrorDetail detail = new ErrorDetail();
        for (final Request r : decided) {
            for (final int refused : new int[] {0, 7}) {
                final int n = record.encode(r, refused, 100, POLICY, compact, 0);
                final int expected = fullBody(r, refused, 100, full);
                final int got = CompactDecisionBodies.expand(compact, 0, n, expanded, 0, detail);
                assertEquals(expected, got, r.describe(POLICY) + ": " + detail.message());
                assertArrayEquals(Arrays.copyOf(full.byteArray(), expected), Arrays.copyOf(expanded.byteArray(), got),
                    r.describe(POLICY));
                assertTrue(n < expected, "the compact form is the shorter: " + n + " against " + expected);
                assertTrue(record.wrap(expanded, 0, got), r.describe(POLICY) + ": " + record.error().message());
                assertEquals(r.requestId, record.requestId());
            }
        }
    }

    /** The DECISION body of a decided request in the full form: the reference the compact form must expand to. */
    private static int fullBody(final Request r, final int refusedBefore, final long firstDecisionId,
                                final UnsafeBuffer dst) {
        final DecisionBodyEncoder encoder = new DecisionBodyEncoder().wrap(dst, 0)
            .operation(DecisionRecord.operation(r.op)).approve(r.approve).viaWarrant(r.warrantIn != null)
            .refusedBefore(refusedBefore).principal(r.principal).presenter(r.presenter).purpose(r.purpose)
            .rule(r.rule).capability(r.capability).dataClass(r.dataClass).requestId(r.requestId)
            .grantId(r.grantId).ttlMillis(r.ttlMillis);
        final long[] words = new long[64];
        for (int i = 0; i < r.children(); i++) {
            final DecisionSlot d = r.decisions[i];
            final DecisionEncoder child = encoder.child(d.rule())
                .operation(DecisionRecord.operation(r.op))
                .outcome(d.outcome() == Outcome.ALLOW ? DecisionOutcome.ALLOW
                    : d.outcome() == Outcome.REVIEW ? DecisionOutcome.REVIEW : DecisionOutcome.DENY)
                .depth(d.depth()).reasonCode(d.reason().code()).flags(d.flags())
                .decisionId(firstDecisionId + i).requestId(r.requestId).timestamp(d.timestamp())
                .policyVersion(POLICY.versionId()).grantId(d.grantId()).parentGrantId(d.parentGrantId())
                .expiresAt(d.expiry()).ruleLine(d.rule() < 0 ? 0 : POLICY.ruleSource(d.rule()).line())
                .decidingCapability(d.capability()).decidingDataClass(d.dataClass())
                .holder(r.presenter).subject(i < r.children ? r.agents[i] : -1).purpose(r.purpose)
                .inputDigest(r.hasInputDigest ? r.inputDigest : new byte[32], 0)
                .outputDigest(r.hasOutputDigest ? r.outputDigest : new byte[32], 0);
            final ScopeBits scope = i < r.children ? r.scopes[i] : null;
            final int w = scope != null ? scope.words() : 0;
            for (int k = 0; k < w; k++) {
                words[k] = scope.capabilityWord(k);
            }
            final long data = scope != null ? scope.dataBits() : 0;
            final boolean allowed = d.outcome() == Outcome.ALLOW;
            child.grantedData(allowed ? data : 0).requestedData(data)
                .grantedCapabilities(words, allowed ? w : 0).requestedCapabilities(words, w)
                .justification(r.text == null ? "" : r.text);
        }
        return encoder.encodedLength();
    }

    private static byte[] digest(final int seed) {
        final byte[] digest = new byte[32];
        for (int i = 0; i < digest.length; i++) {
            digest[i] = (byte)(seed * 31 + i);
        }
        return digest;
    }

    private static Request decide(final JournaledEngine engine, final Request r, final List<Request> decided) {
        assertEquals(JournaledEngine.Outcome.DONE, engine.decide(r, 10, TimeUnit.SECONDS), r.describe(POLICY));
        decided.add(r);
        return r;
    }
}
