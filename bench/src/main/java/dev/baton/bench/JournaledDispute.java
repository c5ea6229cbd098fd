package dev.baton.bench;

import dev.baton.Agent;
import dev.baton.Decision;
import dev.baton.DecisionSession;
import dev.baton.GrantRef;
import dev.baton.Policy;
import dev.baton.Principal;
import dev.baton.Purpose;
import dev.baton.Scope;
import dev.baton.core.IdentityHandle;
import dev.baton.core.PolicyNames;
import dev.baton.engine.DecisionListener;
import dev.baton.engine.EngineConfig;
import dev.baton.engine.FsyncMode;
import dev.baton.engine.JournaledEngine;
import dev.baton.engine.WaitMode;
import dev.baton.engine.Request;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A {@link JournaledEngine} on the example policy, journaling to a fresh temporary directory (deleted on
 * {@link #close()}), with the refund-dispute names bound through the public API and a live grant of the
 * CRM reader ({@code crm.lookup:read} on {@code internal}), opened and delegated through a session. The
 * benchmarks that drive the ring with raw {@link Request}s ({@link PipelineBenchmark}, {@link LoadGenerator})
 * send that grant's {@code authorize}: {@link #authorize(Request, long)} fills one from ints read here once.
 * The system property {@code baton.bench.pretouch} sets the engine's journal pretouch lead in bytes
 * ({@link EngineConfig#pretouch(long)}; 0 turns it off), to measure with and without it.
 * <p>
 * <b>Note:</b> thread-safe once built (the engine is); {@link #authorize(Request, long)} allocates nothing.
 */
final class JournaledDispute implements AutoCloseable {
    final Policy policy;
    final Path dir;
    final JournaledEngine engine;
    final Principal alice;
    final Purpose purpose;
    final Agent planner;
    final Agent crmReader;
    final Scope readerScope;
    private final long grant;
    /** The planner's root grant, which {@link #warrants(int)} delegates from. */
    private final long root;
    private final int presenter;
    private final int capability;
    private final int dataClass;

    /**
     * Starts the engine and opens the CRM reader's grant. Retention is 0: a dead grant's slot is reclaimed
     * as soon as it has expired, so a workload that moves the clock reaches a steady state in its warm-up.
     *
     * @param policyFile resolved as in {@link PolicyFiles#resolve(String)}.
     * @param fsync      when the journal is forced (10 ms for INTERVAL).
     * @param clock      the engine's clock: the system's, or one the benchmark moves (read on the engine
     *                   thread after the ring hands it a request, so a move before submitting is seen).
     */
    JournaledDispute(final String policyFile, final FsyncMode fsync, final InstantSource clock) throws IOException {
        this(policyFile, fsync, clock, null, null, WaitMode.AUTO, null);
    }

    /**
     * As {@link #JournaledDispute(String, FsyncMode, InstantSource)}, with a key ring, so the engine signs and
     * verifies version-1 warrants ({@link #warrants(int)}).
     */
    JournaledDispute(final String policyFile, final FsyncMode fsync, final InstantSource clock,
                     final dev.baton.codec.KeyRing keys) throws IOException {
        this(policyFile, fsync, clock, null, null, WaitMode.AUTO, keys);
    }

    /** As {@link #JournaledDispute(String, FsyncMode, InstantSource)}, with the engine's wait mode. */
    JournaledDispute(final String policyFile, final FsyncMode fsync, final InstantSource clock, final WaitMode wait)
        throws IOException {
        this(policyFile, fsync, clock, null, null, wait, null);
    }

    /**
     * As {@link #JournaledDispute(String, FsyncMode, InstantSource)}, with {@code shadow} attached in shadow
     * mode (when not null) before the CRM reader's grant is opened, so the candidate decides its calls too,
     * and the engine's decision listener (or null).
     */
    JournaledDispute(final String policyFile, final FsyncMode fsync, final InstantSource clock, final Policy shadow,
                     final DecisionListener listener) throws IOException {
        this(policyFile, fsync, clock, shadow, listener, WaitMode.AUTO, null);
    }

    private JournaledDispute(final String policyFile, final FsyncMode fsync, final InstantSource clock,
                             final Policy shadow, final DecisionListener listener, final WaitMode wait,
                             final dev.baton.codec.KeyRing keys) throws IOException {
        policy = PolicyFiles.load(policyFile);
        dir = Files.createTempDirectory("baton-journal-");
        engine = JournaledEngine.start(EngineConfig.of(policy, dir).fsync(fsync, 10).clock(clock)
            .grants(4096, 1 << 24, 0).listener(listener).waitMode(wait).keys(keys)
            .pretouch(Long.getLong("baton.bench.pretouch", EngineConfig.DEFAULT_PRETOUCH_BYTES)));
        if (shadow != null) {
            engine.attachShadow(shadow);
        }
        alice = engine.principal("user:alice@acme.example");
        purpose = policy.purpose("refund-dispute");
        planner = engine.agent("spiffe://acme.example/agent/planner");
        crmReader = engine.agent("spiffe://acme.example/agent/crm-reader");
        readerScope = policy.scope().capability("crm.lookup", "read").data("internal").build();
        try (DecisionSession session = engine.session()) {
            final Decision root = require(session.open(alice, purpose, planner, readerScope));
            this.root = root.grantId(); // the session refills its Decision at the next call
            grant = require(session.delegate(GrantRef.of(root), planner, crmReader, readerScope)).grantId();
        }
        presenter = IdentityHandle.idOf(crmReader, engine);
        capability = PolicyNames.rebind(policy.capability("crm.lookup", "read"), engine.compiledPolicy());
        dataClass = PolicyNames.rebind(policy.dataClass("internal"), engine.compiledPolicy());
    }

    private static Decision require(final Decision d) {
        if (!d.allowed()) {
            throw new IllegalStateException("setup: " + d.describe());
        }
        return d;
    }

    /** @return the CRM reader's live grant. */
    long grantId() {
        return grant;
    }

    /** Refills {@code r} as the CRM reader's justified {@code authorize} with the live grant; returns it. */
    Request authorize(final Request r, final long requestId) {
        return r.reset(Request.Op.AUTHORIZE, requestId).presenter(presenter).grant(grant)
            .call(capability, dataClass).text(DisputeNames.JUSTIFICATION);
    }

    /**
     * Delegates the CRM reader's scope from the planner's root to the reader {@code n} times, each grant with its
     * warrant (the engine needs a key ring): {@code n} different warrants the reader can present.
     *
     * @return the warrants, each in a buffer of its own holding exactly its bytes.
     */
    org.agrona.concurrent.UnsafeBuffer[] warrants(final int n) {
        final int planner = IdentityHandle.idOf(this.planner, engine);
        final dev.baton.core.ScopeBits scope = new dev.baton.core.ScopeBits(engine.compiledPolicy())
            .capability("crm.lookup", "read").data("internal");
        final org.agrona.concurrent.UnsafeBuffer out =
            new org.agrona.concurrent.UnsafeBuffer(new byte[engine.maxWarrantLength()]);
        final org.agrona.concurrent.UnsafeBuffer[] warrants = new org.agrona.concurrent.UnsafeBuffer[n];
        final Request r = new Request();
        for (int i = 0; i < n; i++) {
            r.reset(Request.Op.DELEGATE, (1L << 61) + i).grant(root).presenter(planner).child(presenter, scope)
                .warrantsTo(out, 0);
            if (engine.decide(r, 10, java.util.concurrent.TimeUnit.SECONDS) != JournaledEngine.Outcome.DONE
                || !r.decision().allowed() || r.warrantLength(0) == 0) {
                throw new IllegalStateException("setup: warrant " + i + ": " + r.describe(engine.compiledPolicy()));
            }
            final byte[] bytes = new byte[r.warrantLength(0)];
            out.getBytes(r.warrantOffset(0), bytes);
            warrants[i] = new org.agrona.concurrent.UnsafeBuffer(bytes);
        }
        return warrants;
    }

    /** {@link #authorize(Request, long)} presenting {@code warrant} (one of {@link #warrants(int)}) instead of the grant id. */
    Request authorize(final Request r, final long requestId, final org.agrona.DirectBuffer warrant) {
        return r.reset(Request.Op.AUTHORIZE, requestId).presenter(presenter).warrant(warrant, 0, warrant.capacity())
            .call(capability, dataClass).text(DisputeNames.JUSTIFICATION);
    }

    /** Closes the engine (draining the ring) and deletes the journal. */
    @Override
    public void close() throws IOException {
        engine.close();
        deleteTree(dir);
    }

    /** Deletes a directory and everything in it. */
    static void deleteTree(final Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (final IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
