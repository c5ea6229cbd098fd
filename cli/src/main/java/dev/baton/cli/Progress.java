package dev.baton.cli;

import dev.baton.audit.ProgressListener;

import java.io.PrintWriter;

/**
 * A progress bar on standard error, for long journal reads: shown only on a terminal
 * ({@code System.console() != null}) and only once a run has lasted more than a second; cleared at the
 * end. Never shown in tests or when output is piped. The audit library reports to it
 * ({@link ProgressListener}).
 * <p>
 * <b>Note:</b> not thread-safe.
 */
final class Progress implements ProgressListener {
    private static final long DELAY_NANOS = 1_000_000_000L;
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final String what;
    private final boolean enabled;
    private final long start = System.nanoTime();
    private long lastDraw;
    private boolean drawn;
    private int calls;

    private Progress(final PrintWriter err, final String what, final boolean enabled) {
        this.err = err;
        this.what = what;
        this.enabled = enabled;
    }

    /** A bar counting {@code what} (shown only on a terminal). */
    static Progress of(final PrintWriter err, final String what) {
        return new Progress(err, what, System.console() != null);
    }

    /** @return this, or {@link ProgressListener#NONE} when the bar is never shown (the reader then skips counting). */
    ProgressListener listener() {
        return enabled ? this : ProgressListener.NONE;
    }

    /**
     * @param done  records (or items) done so far.
     * @param total how many there are, or 0 if unknown (a count without a bar is shown).
     */
    @Override
    public void onProgress(final long done, final long total) {
        if (!enabled || (++calls & 255) != 0) {
            return;
        }
        final long now = System.nanoTime();
        if (now - start < DELAY_NANOS || now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        drawn = true;
        final StringBuilder bar = new StringBuilder("\r").append(what).append(' ');
        if (total > 0) {
            final int filled = (int) Math.min(WIDTH, done * WIDTH / total);
            bar.append('[').append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ")
                .append(Math.min(100, done * 100 / total)).append("% ");
        }
        bar.append(String.format("%,d", done)).append(total > 0 ? String.format(" of %,d", total) : "");
        err.print(bar);
        err.flush();
    }

    /** Clears the bar if it was drawn. */
    void done() {
        if (drawn) {
            err.print("\r" + " ".repeat(WIDTH + what.length() + 40) + "\r");
            err.flush();
            drawn = false;
        }
    }
}
