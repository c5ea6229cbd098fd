package dev.baton.engine;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The timer of {@link FsyncMode#INTERVAL}: the engine forces the journal at the end of a batch once the
 * interval is due; an idle engine has no batch, so this timer ({@code baton-journal-flusher}) puts a FLUSH
 * on the ring every interval, and the tail is forced all the same.
 * <p>
 * <b>Note:</b> thread-safe; allocates the timer once, then nothing per tick beyond what {@code tick} does.
 */
final class EngineFlusher {
    private EngineFlusher() {
    }

    /** @return the running timer, calling {@code tick} every {@code intervalMillis}. */
    static ScheduledExecutorService start(final long intervalMillis, final Runnable tick) {
        final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            final Thread t = new Thread(r, "baton-journal-flusher");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(tick, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
        return timer;
    }
}
