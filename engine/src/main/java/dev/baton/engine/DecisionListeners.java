package dev.baton.engine;

import java.util.Objects;

/**
 * {@link DecisionListener#all}: tells several listeners, in order; an exception of one goes to the
 * calling thread's uncaught-exception handler and the next is told anyway.
 * <p>
 * <b>Note:</b> as thread-safe as its listeners. Allocates nothing per call.
 */
final class DecisionListeners implements DecisionListener {
    private final DecisionListener[] listeners;

    DecisionListeners(final DecisionListener[] listeners) {
        for (final DecisionListener l : listeners) {
            Objects.requireNonNull(l, "listener");
        }
        this.listeners = listeners;
    }

    @Override
    public void onDecision(final DecisionEvent event) {
        for (final DecisionListener l : listeners) {
            try {
                l.onDecision(event);
            } catch (final RuntimeException e) {
                report(e);
            }
        }
    }

    @Override
    public void onSubmit(final Request request) {
        for (final DecisionListener l : listeners) {
            l.onSubmit(request); // the caller's thread: the exception is the caller's
        }
    }

    @Override
    public void onBatch(final int slots, final long syncNanos) {
        for (final DecisionListener l : listeners) {
            try {
                l.onBatch(slots, syncNanos);
            } catch (final RuntimeException e) {
                report(e);
            }
        }
    }

    @Override
    public void onJournalForced(final long forceNanos) {
        for (final DecisionListener l : listeners) {
            try {
                l.onJournalForced(forceNanos);
            } catch (final RuntimeException e) {
                report(e);
            }
        }
    }

    /**
     * Tells {@code listener} that {@code request} (already marked pending) is being submitted; if the
     * listener throws, the request is released (nothing was queued) and the exception goes to the caller.
     */
    static void submit(final DecisionListener listener, final Request request) {
        try {
            listener.onSubmit(request);
        } catch (final RuntimeException | Error e) {
            request.abandon();
            throw e;
        }
    }

    private static void report(final Throwable t) {
        final Thread self = Thread.currentThread();
        self.getUncaughtExceptionHandler().uncaughtException(self, t);
    }
}
