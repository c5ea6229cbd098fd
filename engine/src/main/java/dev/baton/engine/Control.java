package dev.baton.engine;

import dev.baton.core.CompiledPolicy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An engine action that goes through the ring so it is ordered with decisions: intern, swap, stop,
 * flush (INTERVAL mode's timer: the end of its one-event batch forces the journal if due), and attaching
 * a shadow policy ({@code SHADOW} with a policy) or detaching it ({@code SHADOW} without).
 * <p>
 * <b>Note:</b> published by one caller thread, done by the engine thread (through its future). Allocates.
 */
final class Control {
    enum Kind { IDENTITY, SWAP, STOP, FLUSH, SHADOW }

    final Kind kind;
    final String identity;
    final CompiledPolicy policy;
    final CompletableFuture<Integer> done = new CompletableFuture<>();
    int result;

    Control(final Kind kind, final String identity, final CompiledPolicy policy) {
        this.kind = kind;
        this.identity = identity;
        this.policy = policy;
    }

    /**
     * Waits until the engine thread has done it.
     *
     * @return its result.
     * @throws IllegalStateException if the caller is interrupted, or the engine failed it (with its message).
     */
    int await() {
        try {
            return done.get();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the engine", e);
        } catch (final ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }

    /** Waits up to {@code seconds} for it, whatever comes of it (closing: a failure was reported already). */
    void awaitQuietly(final long seconds) {
        try {
            done.get(seconds, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (final ExecutionException | TimeoutException ignored) {
            // the failure, if any, was reported to the requests; close anyway
        }
    }
}
