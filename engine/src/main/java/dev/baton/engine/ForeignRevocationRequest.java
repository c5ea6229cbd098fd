package dev.baton.engine;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A revocation of another engine's grant (one entry of the fleet's revocation feed) to apply on a
 * {@link JournaledEngine}'s ring ({@link JournaledEngine#revokeForeign(ForeignRevocationRequest)}): the engine
 * thread applies it in ring order with the decisions around it, journals it as a FOREIGN_REVOCATION record
 * when it changed anything, and only then marks it done. Reusable: set it, submit it, wait for it, read
 * the outcome, set it again.
 * <pre>{@code
 * ForeignRevocationRequest r = new ForeignRevocationRequest();       // once per feeding thread
 * r.set(issuer, grantId, expiresAt, revokedAt);
 * if (engine.revokeForeign(r) == JournaledEngine.ACCEPTED && r.await(5, TimeUnit.SECONDS)) {
 *     r.outcome();   // APPLIED (journaled), KNOWN, EXPIRED or OWN_ENGINE
 * }
 * }</pre>
 * <p>
 * <b>Note:</b> one submitting thread at a time; completed by the engine thread (a volatile state, read with
 * {@link #isDone()}). Setting, submitting and waiting allocate nothing.
 */
public final class ForeignRevocationRequest {
    /** What applying a foreign revocation came to. */
    public enum Outcome {
        /** The state changed (newly known revoked, or until later, or mirrors revoked): journaled. */
        APPLIED,
        /** Already known with the same or a later expiry, and no mirror left to revoke: nothing changed. */
        KNOWN,
        /** The grant has expired at the engine's time: nothing changed. */
        EXPIRED,
        /** The grant is the engine's own (its registry revoked it already): nothing changed. */
        OWN_ENGINE;

        private static final Outcome[] VALUES = values();

        /** The same outcome as the core's (constants in the same order). */
        static Outcome of(final dev.baton.core.ForeignRevocationResult core) {
            return VALUES[core.ordinal()];
        }
    }

    private static final int IDLE = 0;
    private static final int PENDING = 1;
    private static final int DONE = 2;

    int engineId;
    long grantId;
    long expiresAt;
    long revokedAt;
    Outcome outcome;
    int revokedLocal;
    String failure;
    private volatile int state = IDLE;

    /**
     * Names the revocation to apply.
     *
     * @param issuer    the engine that issued (and revoked) the grant.
     * @param grant     its id there, strictly positive.
     * @param expiresAt the grant's expiry, epoch millis (the feed's entry carries it): kept until then.
     * @param revoked   when its engine revoked it, epoch millis (journaled for audit).
     * @return this.
     * @throws IllegalStateException if it is still pending.
     * @throws IllegalArgumentException if {@code grant} is not strictly positive.
     */
    public ForeignRevocationRequest set(final int issuer, final long grant, final long expiresAt, final long revoked) {
        if (state == PENDING) {
            throw new IllegalStateException("this foreign revocation is still pending");
        }
        if (grant <= 0) {
            throw new IllegalArgumentException("grant ids are strictly positive, found " + grant);
        }
        this.engineId = issuer;
        this.grantId = grant;
        this.expiresAt = expiresAt;
        this.revokedAt = revoked;
        this.outcome = null;
        this.revokedLocal = 0;
        this.failure = null;
        this.state = IDLE;
        return this;
    }

    /** @return the issuing engine named. */
    public int engineId() {
        return engineId;
    }

    /** @return the grant id named. */
    public long grantId() {
        return grantId;
    }

    /** @return whether the engine has applied it (and journaled it, if it changed anything), or failed it. */
    public boolean isDone() {
        return state == DONE;
    }

    /**
     * @return what applying it came to ({@code APPLIED}: journaled as a FOREIGN_REVOCATION record), or null
     *     while pending, or if the engine failed it ({@link #failure()}).
     */
    public Outcome outcome() {
        return outcome;
    }

    /** @return local grants it newly revoked: mirrors of the grant or of its descendants, and their descendants. */
    public int revokedLocal() {
        return revokedLocal;
    }

    /** @return why the engine could not apply it (it stopped), or null. */
    public String failure() {
        return failure;
    }

    /**
     * Waits until it is done, parking between looks.
     *
     * @return true if done within the bound.
     */
    public boolean await(final long timeout, final TimeUnit unit) {
        final long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (state != DONE) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            LockSupport.parkNanos(20_000);
        }
        return true;
    }

    /** Marks it pending before it goes on the ring. */
    boolean begin() {
        if (state == PENDING) {
            return false;
        }
        state = PENDING;
        return true;
    }

    /** Back to idle: it never reached the ring. */
    void abandon() {
        state = IDLE;
    }

    /** Done (by the engine thread, after the journal was forced as configured). */
    void complete(final String why) {
        if (why != null) {
            failure = why;
            outcome = null;
        }
        state = DONE;
    }
}
