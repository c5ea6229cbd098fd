package dev.baton.engine;

import dev.baton.codec.DecisionLayout;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A DECISION record sets every byte of each child's fixed block: it skips zeroing the block first
 * ({@code DecisionBodyEncoder.childForEveryField}), so what it writes over a buffer full of stale bytes
 * must be byte for byte what it writes over zeros, for every kind of request and outcome.
 */
class DecisionRecordTest {
    private static final int LENGTH = 4096;

    @Test
    void shouldWriteTheSameBytesOverStaleBytesAsOverZeros(@TempDir final Path dir) {
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
                .presenter(reader).call(lookup, internal).text("looking up the order"), decided);
            final Request denied = decide(engine, new Request().reset(Request.Op.AUTHORIZE, 5)
                .grant(delegate.decision().grantId()).presenter(planner).call(lookup, internal), decided);
            assertFalse(denied.decision().allowed(), "the planner does not hold the reader's grant");
            decide(engine, new Request().reset(Request.Op.REVOKE, 6).grant(delegate.decision().grantId())
                .actor(planner), decided);
        }
        final DecisionRecord record = new DecisionRecord();
        final UnsafeBuffer zeros = new UnsafeBuffer(new byte[LENGTH]);
        final UnsafeBuffer stale = new UnsafeBuffer(new byte[LENGTH]);
        for (final Request r : decided) {
            for (final byte fill : new byte[] {(byte) 0xFF, (byte) 0xA5, 1}) {
                Arrays.fill(zeros.byteArray(), (byte) 0);
                Arrays.fill(stale.byteArray(), fill);
                final int n = record.encode(r, 0, 100, POLICY, zeros, 8);
                assertEquals(n, record.encode(r, 0, 100, POLICY, stale, 8), r.describe(POLICY));
                assertTrue(n >= DecisionLayout.BLOCK_LENGTH, "a body holds at least one decision block");
                assertArrayEquals(Arrays.copyOfRange(zeros.byteArray(), 8, 8 + n),
                    Arrays.copyOfRange(stale.byteArray(), 8, 8 + n),
                    r.op() + " over bytes of 0x" + Integer.toHexString(fill & 0xFF) + ": " + r.describe(POLICY));
            }
        }
        assertEquals(6, decided.size());
    }

    private static Request decide(final JournaledEngine engine, final Request r, final List<Request> decided) {
        assertEquals(JournaledEngine.Outcome.DONE, engine.decide(r, 10, TimeUnit.SECONDS), r.describe(POLICY));
        decided.add(r);
        return r;
    }
}
