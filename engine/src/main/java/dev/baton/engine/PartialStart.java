package dev.baton.engine;

import com.lmax.disruptor.dsl.Disruptor;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * What a {@link JournaledEngine} has started so far while it starts, so that a start that fails after recovery
 * (a thread factory that throws, a shadow policy refused) stops it all again: no engine, completion or
 * snapshot thread left running, and the journal closed, which releases its {@link JournalLock} so the
 * directory can be opened again. The journal then ends as after a crash, which the next start handles.
 * <p>
 * <b>Note:</b> used by the starting thread only; allocates.
 */
final class PartialStart {
    private static final long JOIN_MILLIS = 10_000;

    private final Journal journal;
    Completer completer;
    boolean completerStarted;
    SnapshotWriter snapshots;
    Disruptor<RingSlot> disruptor;
    ScheduledExecutorService flusher;
    /** The engine thread, once the factory made it. */
    private volatile Thread engineThread;

    PartialStart(final Journal journal) {
        this.journal = journal;
    }

    /** @return {@code factory}, noting the thread it makes (the engine's). */
    ThreadFactory engineThreads(final ThreadFactory factory) {
        return r -> {
            final Thread t = factory.newThread(r);
            engineThread = t;
            return t;
        };
    }

    /**
     * Stops what was started, in the order {@link JournaledEngine#close()} does, each step even if one before
     * it failed (those failures are added to {@code failure} as suppressed).
     */
    void undo(final Throwable failure) {
        step(failure, () -> {
            if (flusher != null) {
                flusher.shutdownNow();
            }
        });
        step(failure, () -> {
            if (disruptor != null) {
                disruptor.halt();
            }
            final Thread t = engineThread;
            if (t != null && t.getState() != Thread.State.NEW) {
                t.join(JOIN_MILLIS); // it owns the journal until it ends
            }
        });
        step(failure, () -> {
            if (completerStarted) {
                completer.close(JOIN_MILLIS);
            }
        });
        step(failure, () -> {
            if (snapshots != null) {
                snapshots.close();
            }
        });
        step(failure, journal::close);
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void step(final Throwable failure, final Step step) {
        try {
            step.run();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.addSuppressed(e);
        } catch (final Exception | Error e) {
            failure.addSuppressed(e);
        }
    }
}
