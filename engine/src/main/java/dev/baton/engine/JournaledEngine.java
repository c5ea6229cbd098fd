package dev.baton.engine;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import dev.baton.Agent;
import dev.baton.AsyncSession;
import dev.baton.DecisionBatch;
import dev.baton.DecisionSession;
import dev.baton.DelegationEngine;
import dev.baton.EngineBusyException;
import dev.baton.Policy;
import dev.baton.Principal;
import dev.baton.codec.WarrantAuthenticator;
import dev.baton.core.CompiledPolicy;
import dev.baton.core.IdentityHandle;
import dev.baton.core.InMemoryEngine;
import dev.baton.core.DecisionCore;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The delegation engine many orchestrator threads call at once. Requests go onto an LMAX Disruptor
 * ring (multi-producer), are decided in ring order by one engine thread, are appended to the
 * hash-chained Chronicle Queue journal, and only then are completed to their callers.
 * <p>
 * Three ways to submit a {@link Request}: {@link #tryDecide(Request)} returns at once ({@link #BUSY} when
 * the ring is full, nothing is queued); {@link #decide(Request, long, TimeUnit)} waits up to a bound;
 * {@link #decideAsync(Request)} gives a {@code CompletableFuture}. Many requests at once: {@link
 * #tryDecideAll(RequestBatch)} and {@link #decideAll(RequestBatch, long, TimeUnit)} put a {@link RequestBatch}
 * on the ring in one claim, with one completion signal for the batch. Completion itself allocates nothing:
 * poll {@link Request#isDone()} or set a {@link Request.Listener}. Submission copies the request's
 * scopes, presented warrant and text, so the caller may reuse those as soon as the call returns.
 * <p>
 * Threads: no user code runs on the engine thread ({@code baton-engine}) but a {@link DecisionListener}
 * set on the {@link EngineConfig} (for metrics). Request listeners, and the
 * {@code decideAsync} futures with the dependent stages registered before completion, run on one
 * completion thread ({@code baton-completion}), after the request is done; move heavy work off it with
 * the {@code *Async} stage methods and an executor of your own.
 * <p>
 * Request ids: strictly positive, and a request whose id is already in flight on this engine (submitted,
 * not yet done) is refused. The engine never matches requests by id; it journals the id so an auditor
 * can find a caller's request, and the caller tells its answers apart by it.
 * <p>
 * On start the engine replays its journal (from its newest good snapshot, with {@link EngineConfig#snapshots})
 * to rebuild every grant, revocation, pending review and the current policy, then continues the SEAL chain
 * ({@link EngineRecovery}; see docs/durability.md).
 * <p>
 * Idle threads wait as {@link EngineConfig#waitMode} says: by default, on a machine with fewer than {@value
 * WaitMode#SPIN_PROCESSORS} processors, nothing spins ({@link WaitMode}).
 * <p>
 * <b>Note:</b> thread-safe. {@code tryDecide} and {@code tryDecideAll} allocate nothing.
 */
public final class JournaledEngine implements DelegationEngine {
    /** {@link #tryDecide(Request)}: the request is on the ring. */
    public static final int ACCEPTED = 0;
    /** {@link #tryDecide(Request)}: the engine is closed (or stopped after a failure); nothing was queued. */
    public static final int CLOSED = -1;
    /** {@link #tryDecide(Request)}: the ring is full; nothing was queued; try again later. */
    public static final int BUSY = -2;

    /** What {@link #decide(Request, long, TimeUnit)} came to. */
    public enum Outcome {
        /** Decided, journaled and completed. */
        DONE,
        /** The ring stayed full for the whole bound: the request was not queued. */
        BUSY,
        /** Queued, but not completed within the bound: it is still pending; poll {@link Request#isDone()}. */
        TIMED_OUT
    }

    private final Disruptor<RingSlot> disruptor;
    private final RingBuffer<RingSlot> ring;
    private final DecisionHandler handler;
    private final Journal journal;
    private final DecisionCore core;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger publishing = new AtomicInteger();
    private volatile boolean accepting = true;
    private volatile String failure;
    private final long recovered;
    private final boolean warrants;
    private final PortableWarrants portable;
    private final ScheduledExecutorService flusher;
    private final InFlightIds inFlight;
    private final Completer completer;
    /** Sessions' request ids: a range of their own, above any id a caller of {@link #tryDecide} uses. */
    private final AtomicLong sessionRequestIds = new AtomicLong(1L << 62);
    private final Map<Long, CompiledPolicy> policies = new ConcurrentHashMap<>();
    private final AsyncSession async = new EngineAsyncSession(this);
    private final int maxFanOut;
    private final DecisionListener listener;
    private final WaitMode waitMode;
    private final Submissions submissions;
    private final ShadowMode shadowMode;
    private final EngineLog log;
    private final SnapshotWriter snapshots;
    private final SnapshotRecovery snapshotRecovery;
    /**
     * Authenticates presented version-1 warrants on the submitting threads (each its own HMAC context and cache),
     * with the engine's key ring; null without one.
     */
    private final WarrantAuthenticator callerAuthenticator;

    private JournaledEngine(final EngineConfig config) {
        this.log = new EngineLog(config.journal.toString(), config.ringSize);
        final EngineRecovery start = log.recover(config);
        final PartialStart partial = new PartialStart(start.journal);
        try {
            this.recovered = start.recovered;
            this.portable = start.portable;
            this.warrants = config.keys != null || portable != null;
            this.callerAuthenticator = config.keys == null ? null : new WarrantAuthenticator(config.keys);
            this.journal = start.journal;
            this.core = start.core;
            policies.put(core.policy().versionId(), core.policy());
            this.maxFanOut = config.maxFanOut;
            this.listener = config.listener;
            // In flight: a ring's worth on the ring, up to as many more waiting for the completion thread.
            this.inFlight = new InFlightIds(2 * config.ringSize);
            this.waitMode = config.waitMode.resolve();
            this.completer = new Completer(config.ringSize, inFlight, waitMode);
            partial.completer = completer;
            this.handler = new DecisionHandler(this, core, start.clock, config.clock, journal, start.decisions,
                completer);
            handler.listener(listener);
            handler.portable(portable);
            this.shadowMode = ShadowMode.install(handler, start, config.clock);
            final WaitStrategy waits = config.waitStrategyOrDefault(waitMode);
            this.snapshotRecovery = start.snapshots;
            this.snapshots = SnapshotWriter.attach(config, start, handler);
            partial.snapshots = snapshots;
            this.disruptor = new Disruptor<>(RingSlot::new, config.ringSize, partial.engineThreads(
                config.engineThreadFactory != null ? config.engineThreadFactory : JournaledEngine::engineThread),
                ProducerType.MULTI, waits);
            disruptor.handleEventsWith(handler);
            if (waits instanceof EngineWaitStrategy) {
                ((EngineWaitStrategy) waits).ring(disruptor.getRingBuffer());
            }
            partial.disruptor = disruptor;
            this.ring = disruptor.start();
            this.submissions = new Submissions(this, ring, inFlight, publishing, listener, log, waitMode);
            completer.start();
            partial.completerStarted = true;
            handler.ring(ring);
            if (config.shadow != null && !shadowMode.attached(config.shadow)) {
                attachShadow(config.shadow.api());
            }
            this.flusher = config.fsync == FsyncMode.INTERVAL && config.fsyncIntervalMillis > 0
                ? EngineFlusher.start(config.fsyncIntervalMillis, submissions::flush) : null;
            partial.flusher = flusher;
            log.started(start, config);
        } catch (final RuntimeException | Error e) {
            partial.undo(e);
            throw e;
        }
    }

    /** The default engine thread: a daemon named {@code baton-engine}. */
    private static Thread engineThread(final Runnable r) {
        final Thread t = new Thread(r, "baton-engine");
        t.setDaemon(true);
        return t;
    }

    /**
     * Starts an engine: replays (and verifies) the journal in the configured directory, if any, then
     * opens it for appending.
     *
     * @param config the settings.
     * @return the running engine.
     * @throws JournalException if the journal does not verify or does not replay to what it recorded.
     */
    public static JournaledEngine start(final EngineConfig config) {
        JvmOptions.beforeEngineStart(); // one clear error for missing JVM options, before Agrona or Chronicle
        return new JournaledEngine(config);
    }

    /**
     * @return the most bytes one warrant can take under the current policy: size {@link
     *     Request#warrantsTo} buffers with it (per child). After a policy swap, read it again. With portable
     *     warrants ({@link EngineConfig#portableWarrants}) the largest version-2 warrant.
     */
    public int maxWarrantLength() {
        return portable != null ? dev.baton.codec.PortableWarrantLayout.MAX_LENGTH : core.maxWarrantLength();
    }

    /** @return number of journal records replayed at start. */
    public long recoveredRecords() {
        return recovered;
    }

    /**
     * @return the policy in force. Read from another thread it may be a swap behind; every decision
     *     records the version it was decided with.
     */
    public CompiledPolicy compiledPolicy() {
        return core.policy();
    }

    @Override
    public Policy policy() {
        return core.policy().api();
    }

    /** @return the policy of a version this engine has decided with (to name a decision's rule). */
    CompiledPolicy policyOf(final long versionId) {
        final CompiledPolicy p = policies.get(versionId);
        return p != null ? p : core.policy();
    }

    @Override
    public Agent agent(final String identity) {
        compiledPolicy().requireAgentIdentity(identity);
        return new IdentityHandle(this, identity(identity), identity);
    }

    @Override
    public Principal principal(final String identity) {
        InMemoryEngine.requirePrincipal(compiledPolicy(), identity);
        return new IdentityHandle(this, identity(identity), identity);
    }

    @Override
    public DecisionSession session() {
        if (!accepting) {
            throw closedError();
        }
        return new EngineSession(this);
    }

    @Override
    public AsyncSession async() {
        return async;
    }

    /**
     * @param capacity the most calls one batch holds (at most the ring's size).
     * @return a new batch of calls decided together, in one ring claim ({@link DecisionBatch}); one per thread.
     */
    public DecisionBatch batch(final int capacity) {
        if (!accepting) {
            throw closedError();
        }
        return new EngineBatch(this, capacity);
    }

    @Override
    public int swapPolicy(final Policy next) {
        return swapPolicy(InMemoryEngine.compiled(next));
    }

    @Override
    public int maxFanOut() {
        return maxFanOut;
    }

    /** @return whether this engine signs warrants (it has a key ring). */
    boolean issuesWarrants() {
        return warrants;
    }

    /**
     * Authenticates the request's presented version-1 warrant (its own copy) on the submitting thread, so the
     * engine thread only admits it ({@link RequestExecutor}); leaves it cleared for a version-2 one or without a
     * key ring. A request that presents none is left as it is: the engine reads this only with a warrant.
     */
    void authenticate(final Request r) {
        if (r.warrantIn == null) {
            return;
        }
        if (callerAuthenticator == null
            || portable != null && portable.takes(r.warrantIn, r.warrantInOffset, r.warrantInLength)) {
            r.inputs.presented.clear();
            return;
        }
        callerAuthenticator.authenticate(r.warrantIn, r.warrantInOffset, r.warrantInLength, r.presenter,
            r.inputs.decoder, r.inputs.presented);
    }

    /** @return a request id from the sessions' own range. */
    long nextRequestId() {
        return sessionRequestIds.incrementAndGet();
    }

    /** @return the id of an identity interned through the ring (in ring order, journaled); blocks until journaled. */
    public int identity(final String identity) {
        if (identity == null || identity.isEmpty()) {
            throw new IllegalArgumentException("identity must be a non-empty string");
        }
        return submissions.control(new Control(Control.Kind.IDENTITY, identity, null));
    }

    /**
     * Swaps the policy between two decisions, atomically (before it the old version, after it the new); blocks.
     * @return number of grants revoked because the new policy lacks their purpose or review rule.
     */
    public int swapPolicy(final CompiledPolicy next) {
        final long before = core.policy().versionId();
        final int revoked = submissions.control(new Control(Control.Kind.SWAP, null, next));
        policies.put(next.versionId(), next);
        log.swapped(before, next.versionId(), next.label(), revoked);
        return revoked;
    }

    /**
     * Shadow mode: from the next request on, {@code candidate} decides every request too, on a core of its own;
     * only the live decision counts. Disagreements are journaled ({@link RecordType#SHADOW_DECISION}), and the
     * attach ({@link RecordType#SHADOW}). Requests on grants created before the attach are not compared.
     * Replaces a candidate attached before. Blocks until journaled. See docs/analysis.md.
     */
    public void attachShadow(final Policy candidate) {
        submissions.control(new Control(Control.Kind.SHADOW, null, InMemoryEngine.compiled(candidate)));
    }

    /** Stops shadow mode (journaled), if a candidate is attached. Blocks until journaled. */
    public void detachShadow() {
        submissions.control(new Control(Control.Kind.SHADOW, null, null));
    }

    /** @return the candidate attached in shadow mode, or null (from another thread: as of the last attach or detach). */
    public CompiledPolicy shadowPolicy() {
        return shadowMode.candidate();
    }

    /**
     * Puts a request on the ring if there is room, at once. Its scopes, presented warrant and text are
     * copied before this returns (allocation-free; see {@link Request} for a new policy's scopes).
     *
     * @return {@link #ACCEPTED}, {@link #BUSY} (the ring is full, or, rarely, the table of ids in flight
     *     has no room for this id now) or {@link #CLOSED}.
     * @throws IllegalStateException if the request is still pending from an earlier submission.
     * @throws IllegalArgumentException if the request is malformed (an id not strictly positive, missing
     *     children or scopes, warrants without a key ring, a warrant buffer too small, a text longer than
     *     {@link Request#MAX_TEXT_BYTES}, a fan-out whose record would not fit one journal record), or if
     *     another request with its id is in flight: refused here,
     *     on the caller's thread, so it can never stop the engine. A request the engine thread still
     *     finds malformed (e.g. a buffer sized before a policy swap) completes with {@link
     *     Request#failure()} set, unjournaled.
     */
    public int tryDecide(final Request request) {
        return submissions.one(request, null);
    }

    /**
     * Puts every request of a batch on the ring in one claim of consecutive slots, if there is room for all
     * of them, at once: all or nothing. Each request is checked and copied as by {@link #tryDecide(Request)};
     * the batch is {@linkplain RequestBatch#isDone() done} once its last request completes (one completion
     * signal for the batch). Allocation-free.
     *
     * @param batch the requests, at most the ring's size; an empty batch is done at once.
     * @return {@link #ACCEPTED} (every request is on the ring), {@link #BUSY} (the ring has fewer free slots
     *     than the batch has requests, or the table of ids in flight has no room for one of them: nothing was
     *     queued) or {@link #CLOSED} (nothing was queued).
     * @throws IllegalStateException if the batch or one of its requests is still pending.
     * @throws IllegalArgumentException as {@link #tryDecide(Request)} for any of its requests (two requests
     *     of the batch with one id included), or if the batch is larger than the ring; nothing was queued.
     */
    public int tryDecideAll(final RequestBatch batch) {
        return submissions.all(batch);
    }

    /**
     * Submits a batch and waits for it, up to {@code timeout} in all: waits for room on the ring as {@link
     * #decide(Request, long, TimeUnit)} does, then for the batch's one completion signal as the {@link
     * WaitMode} says (spinning or yielding first, then parked).
     *
     * @return DONE (every request decided, journaled and completed), BUSY (the ring never had room for the
     *     whole batch within the bound: nothing was queued) or TIMED_OUT (queued, still pending: poll {@link
     *     RequestBatch#isDone()}).
     * @throws IllegalStateException if the engine is closed, or the batch or a request is still pending.
     * @throws IllegalArgumentException as {@link #tryDecideAll(RequestBatch)}.
     */
    public Outcome decideAll(final RequestBatch batch, final long timeout, final TimeUnit unit) {
        return submissions.await(null, batch, timeout, unit);
    }

    /** @return how this engine's threads wait ({@link WaitMode#AUTO} resolved for this machine). */
    public WaitMode waitMode() {
        return waitMode;
    }

    /**
     * Submits a request and waits for it, up to {@code timeout} in all.
     * @return DONE, BUSY (never queued) or TIMED_OUT (queued, still pending).
     * @throws IllegalStateException if the engine is closed.
     */
    public Outcome decide(final Request request, final long timeout, final TimeUnit unit) {
        return submissions.await(request, null, timeout, unit);
    }

    /**
     * Submits a request; the future completes with it once it is decided, journaled and
     * {@linkplain Request#isDone() done} (after its listener, if any), so a dependent stage sees its
     * outputs final and may reuse it at once. The future is completed on the completion thread, never
     * the engine thread: stages registered before completion run there, stages registered after it on
     * the registering thread. Allocates (the future): a convenience, not the hot path.
     *
     * @return the future; completed exceptionally at once if the ring is full (nothing was queued).
     * @throws IllegalStateException if the engine is closed, or the request is still pending.
     * @throws IllegalArgumentException as {@link #tryDecide(Request)}.
     */
    public CompletableFuture<Request> decideAsync(final Request request) {
        final CompletableFuture<Request> future = new CompletableFuture<>();
        final int result = submissions.one(request, future);
        if (result == CLOSED) {
            throw closedError();
        }
        if (result == BUSY) {
            future.completeExceptionally(new EngineBusyException("Baton engine busy: the ring is full"));
        }
        return future;
    }

    /**
     * Stops accepting requests, lets every queued request be decided, journaled and completed, writes a
     * STOP record and closes the journal. A second call does nothing.
     *
     * @throws IllegalStateException if called from a listener or dependent stage on the completion
     *     thread: closing waits for completions that only that thread can deliver.
     */
    @Override
    public void close() {
        if (completer.isCompletionThread()) {
            throw new IllegalStateException("close the Baton engine from another thread than "
                + Completer.THREAD_NAME + " (a listener or a decideAsync stage): closing waits for it");
        }
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        accepting = false;
        if (flusher != null) {
            flusher.shutdownNow();
        }
        while (publishing.get() != 0) {
            Thread.onSpinWait();
        }
        if (failure == null) {
            final Control stop = new Control(Control.Kind.STOP, null, null);
            ring.publishEvent(Submissions.CONTROL, stop);
            stop.awaitQuietly(30);
        }
        disruptor.shutdown();
        completer.close(30_000);
        if (snapshots != null) {
            snapshots.close();
        }
        journal.close();
        log.stopped(journal.bytesPublished());
    }

    /** @return ring slots not yet decided and journaled, 0 to {@link #ringSize()}: a racy snapshot, allocation-free. */
    public long ringDepth() {
        return ring.getBufferSize() - ring.remainingCapacity();
    }

    /** @return the ring's slots ({@link EngineConfig#ringSize}). */
    public int ringSize() {
        return ring.getBufferSize();
    }

    /** @return submissions refused {@link #BUSY} since start (the ring or the table of ids in flight full). */
    public long busyRefusals() {
        return log.busyRefusals();
    }

    /** @return how the start went with snapshots: the one used, records replayed, those ignored; or null. */
    public SnapshotRecovery snapshotRecovery() {
        return snapshotRecovery;
    }

    /** @return snapshots written since start (0 without). */
    public long snapshotsWritten() {
        return snapshots == null ? 0 : snapshots.written();
    }

    /** @return why the last snapshot write failed, or null (a failed snapshot does not stop the engine). */
    public String snapshotError() {
        return snapshots == null ? null : snapshots.lastError();
    }

    /**
     * Bytes this engine has appended to its journal: every record (SEALs included) and Chronicle Queue's
     * 4-byte document header for each, as written, not the journal files' preallocated size. Exact once
     * {@link #close()} has returned; while the engine runs, as of the end of the last batch.
     *
     * @return bytes written since start, the START record included.
     */
    public long journalBytesWritten() {
        return journal.bytesPublished();
    }

    /** @return how many times the journal was forced to disk so far (for tests of the fsync modes). */
    long journalSyncs() {
        return journal.syncs();
    }

    /**
     * Applies a revocation of another engine's grant (an entry of the fleet's revocation feed) on the ring, in
     * order with the decisions; journaled as a FOREIGN_REVOCATION record when it changes anything
     * ({@link ForeignRevocationRequest}). Allocation-free.
     *
     * @return {@link #ACCEPTED}, {@link #BUSY} (the ring is full: nothing queued) or {@link #CLOSED}.
     * @throws IllegalStateException if this engine has no portable warrants, or the revocation is still pending.
     */
    public int revokeForeign(final ForeignRevocationRequest revocation) {
        if (portable == null) {
            throw new IllegalStateException("foreign revocations need portable warrants (EngineConfig.portableWarrants)");
        }
        return submissions.foreign(revocation);
    }

    /** @return whether the engine stopped accepting requests (closed, or failed). */
    public boolean isClosed() {
        return !accepting;
    }

    /** @return why the engine stopped by itself, or null. */
    public String failure() {
        return failure;
    }

    void failed(final String why) {
        failure = why;
        accepting = false;
        log.failed(why);
    }

    /** @return the error a call on a closed (or failed) engine throws. */
    IllegalStateException closedError() {
        return new IllegalStateException(failure != null ? "Baton engine stopped: " + failure
            : "Baton engine is closed: create a new JournaledEngine to decide again");
    }
}
