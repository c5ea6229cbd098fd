package dev.baton.fleet;

import dev.baton.engine.ForeignRevocationRequest;
import dev.baton.engine.JournaledEngine;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Applies every revocation a {@link RevocationFeed} consumes to a journaled engine, on the engine's ring and
 * in the feed's order ({@link JournaledEngine#revokeForeign}): the engine journals each one that changes its
 * state as a FOREIGN_REVOCATION record, so its known-revoked foreign grants, and the mirrors (and their local
 * children) they end, replay without Kafka. Revocations of the engine's own grants, repeats (a restarted
 * feed reads the compacted topic again from its start) and expired ones change nothing and are not journaled.
 * <pre>{@code
 * RingRevocations ring = new RingRevocations();
 * RevocationFeed feed = RevocationFeed.start(config, clock, ring);
 * JournaledEngine engine = JournaledEngine.start(engineConfig.revocations(new FleetRevocations(feed)));
 * ring.bind(engine);    // until bound, the feed's thread waits here, and the feed reads as stale
 * }</pre>
 * Up to {@value #IN_FLIGHT} revocations are on the ring at once (one feeding thread puts them there in the
 * feed's order, so the ring's order is the feed's): the engine journals them in shared batches, one journal
 * force for many, which is what makes catching up on a long backlog fast. The feed waits for all of them at
 * the end of each poll ({@link #afterBatch()}), and the counters are updated then.
 * <p>
 * <b>Note:</b> called on the feed's one thread; {@link #bind}, {@link #isIdle()} and the counters from any
 * thread. Applying a revocation allocates nothing (a pool of reused requests).
 */
public final class RingRevocations implements RevocationFeed.Listener {
    /** Revocations on the ring at once, at most. */
    static final int IN_FLIGHT = 128;
    private static final long WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final ForeignRevocationRequest[] pool = new ForeignRevocationRequest[IN_FLIGHT];
    private int next;
    private volatile int inFlight;
    private volatile JournaledEngine engine;
    private volatile long journaled;
    private volatile long unchanged;
    private volatile long dropped;
    private volatile String lastError;

    /** An applier not yet bound to its engine ({@link #bind}). */
    public RingRevocations() {
        for (int i = 0; i < IN_FLIGHT; i++) {
            pool[i] = new ForeignRevocationRequest();
        }
    }

    /**
     * @param engine the engine to apply to (it must have portable warrants).
     * @return an applier bound to it.
     */
    public static RingRevocations of(final JournaledEngine engine) {
        final RingRevocations ring = new RingRevocations();
        ring.bind(engine);
        return ring;
    }

    /**
     * Binds the engine revocations are applied to (once started; it must have portable warrants).
     *
     * @param target the engine.
     * @return this.
     */
    public RingRevocations bind(final JournaledEngine target) {
        this.engine = target;
        return this;
    }

    @Override
    public void onRevocation(final int engineId, final long grantId, final long expiresAt, final long revokedAt) {
        final JournaledEngine e = awaitEngine();
        if (e.isClosed() || grantId <= 0) {
            dropped++;
            return;
        }
        if (inFlight == IN_FLIGHT) {
            afterBatch(); // the pool is used up: wait for all of it (the oldest first)
        }
        final ForeignRevocationRequest request = pool[next];
        request.set(engineId, grantId, expiresAt, revokedAt);
        int submitted;
        while ((submitted = e.revokeForeign(request)) == JournaledEngine.BUSY) {
            LockSupport.parkNanos(50_000);
        }
        if (submitted != JournaledEngine.ACCEPTED) {
            dropped++;
            lastError = "the engine is closed: revocation of engine " + engineId + " grant " + grantId + " not applied";
            return;
        }
        next = (next + 1) % IN_FLIGHT;
        inFlight++;
    }

    /** Waits until every revocation on the ring has been applied (and journaled), and counts them. */
    @Override
    public void afterBatch() {
        final int n = inFlight;
        for (int k = n; k > 0; k--) {
            final ForeignRevocationRequest r = pool[(next - k + IN_FLIGHT) % IN_FLIGHT];
            while (!r.await(1, TimeUnit.SECONDS)) {
                lastError = "waiting for the engine to apply revocation of engine " + r.engineId() + " grant "
                    + r.grantId();
            }
            count(r);
        }
        inFlight = 0;
    }

    private void count(final ForeignRevocationRequest r) {
        if (r.failure() != null) {
            dropped++;
            lastError = r.failure();
        } else if (r.outcome() == ForeignRevocationRequest.Outcome.APPLIED) {
            journaled++;
            lastError = null;
        } else {
            unchanged++;
        }
    }

    /** The bound engine; while none is, waits (the feed's thread: the feed then reads as stale). */
    private JournaledEngine awaitEngine() {
        JournaledEngine e = engine;
        while (e == null) {
            LockSupport.parkNanos(WAIT_NANOS);
            e = engine;
        }
        return e;
    }

    /** @return whether no revocation handed over is still on the ring (uncounted). */
    public boolean isIdle() {
        return inFlight == 0;
    }

    /** @return revocations the engine applied and journaled (FOREIGN_REVOCATION records written). */
    public long journaled() {
        return journaled;
    }

    /** @return revocations that changed nothing: already known, expired, or of the engine's own grants. */
    public long unchanged() {
        return unchanged;
    }

    /** @return revocations not applied because the engine was closed or failed. */
    public long dropped() {
        return dropped;
    }

    /** @return why the last revocation was not applied, or null. */
    public String lastError() {
        return lastError;
    }
}
