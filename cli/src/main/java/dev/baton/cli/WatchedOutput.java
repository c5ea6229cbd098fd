package dev.baton.cli;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Standard output as the command line writes it: passes the bytes on and remembers the first write that
 * failed (a full disk, a closed pipe), so that a command whose output was lost never exits 0. After a
 * failure every write fails at once with the same exception.
 * <p>
 * <b>Note:</b> not thread-safe; one per run. Allocates nothing per write.
 */
final class WatchedOutput extends OutputStream {
    private final OutputStream out;
    private IOException failure;

    /** @param out the real standard output; never closed here. */
    WatchedOutput(final OutputStream out) {
        this.out = out;
    }

    /** @return the first write or flush that failed, or null. */
    IOException failure() {
        return failure;
    }

    @Override
    public void write(final int b) throws IOException {
        check();
        try {
            out.write(b);
        } catch (final IOException e) {
            throw failed(e);
        }
    }

    @Override
    public void write(final byte[] b, final int off, final int len) throws IOException {
        check();
        try {
            out.write(b, off, len);
        } catch (final IOException e) {
            throw failed(e);
        }
    }

    @Override
    public void flush() throws IOException {
        check();
        try {
            out.flush();
        } catch (final IOException e) {
            throw failed(e);
        }
    }

    private void check() throws IOException {
        if (failure != null) {
            throw failure;
        }
    }

    private IOException failed(final IOException e) {
        failure = e;
        return e;
    }
}
