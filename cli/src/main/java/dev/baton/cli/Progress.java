package dev.baton.cli;

import java.io.PrintWriter;

/**
 * A progress bar on standard error, for long journal reads: shown only on a terminal
 * ({@code System.console() != null}) and only once a run has lasted more than a second; cleared at the
 * end. Never shown in tests or when output is piped.
 * <p>
 * <b>Note:</b> not thread-safe.
 */
final class Progress {
    private static final long DELAY_NANOS = 1_000_000_000L;
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final String what;
    private final long total;
    private final boolean enabled;
    private final long start = System.nanoTime();
    private long lastDraw;
    private boolean drawn;
    private int calls;

    private Progress(final PrintWriter err, final String what, final long total, final boolean enabled) {
        this.err = err;
        this.what = what;
        this.total = total;
        this.enabled = enabled;
    }

    /** A bar counting {@code what} up to {@code total} (shown only on a terminal). */
    static Progress of(final PrintWriter err, final String what, final long total) {
        return new Progress(err, what, total, System.console() != null);
    }

    /** A bar that never shows. */
    static Progress none() {
        return new Progress(null, "", 0, false);
    }

    /** @param done records (or items) done so far. */
    void update(final long done) {
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
