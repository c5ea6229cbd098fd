package dev.baton.engine;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Forces the journal to disk for {@link FsyncMode#INTERVAL} on a thread of its own ({@code
 * baton-journal-syncer}), so that the engine thread never waits for the disk in that mode: forcing the
 * demo's journal on the engine thread stopped it for about a millisecond every interval (the demo's p99.9
 * was 1.1–1.4 ms in {@code INTERVAL} against 0.12–0.17 ms in {@code NONE}).
 * <p>
 * One force at a time: the engine {@linkplain #request requests} one for the cycle file it writes, when
 * the syncer is idle; the syncer calls {@code fdatasync} on its own descriptor of that file ({@link
 * FileChannel#force}) and reports it {@linkplain #poll done}. On Linux that writes back every dirty page of
 * the file, those the appender wrote through its mapping included: it is what {@code msync(MS_SYNC)} does
 * there (a file range sync), for the whole file rather than one mapped chunk. Everything the engine wrote
 * before its request is on disk once the force is done, so the engine may then attest the SEAL it had
 * written last. When the writer moves on to the next roll-cycle file, the syncer forces the file it leaves
 * once more before it closes its descriptor of it.
 * <p>
 * A force that fails is reported by {@link #poll} and stops the syncer: the engine then stops, failing
 * closed, as when its own force fails.
 * <p>
 * <b>Note:</b> thread-safe: {@link #request} and {@link #poll} are called by the engine thread only,
 * {@link #close} by the thread closing the journal after the engine thread stopped. Allocates nothing per
 * force but on its first force of each cycle file (opening it).
 */
final class JournalSyncer implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JournalSyncer.class);
    private static final int IDLE = 0;
    private static final int REQUESTED = 1;
    private static final int DONE = 2;
    private static final int FAILED = 3;
    /** The longest the syncer sleeps between looks at its state (it is unparked on each request). */
    private static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final AtomicInteger state = new AtomicInteger(IDLE);
    private final Thread thread;
    /** The file to force: written by the engine before it sets REQUESTED, read by the syncer after. */
    private File requested;
    private volatile boolean running = true;
    private volatile long forces;
    private volatile long lastForceNanos;
    private volatile String failure;
    // The syncer thread's own.
    private File open;
    private FileChannel channel;

    /** Starts the thread. */
    JournalSyncer(final String name) {
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Asks for a force of {@code file} (the cycle file the engine writes), unless one is still under way.
     *
     * @return whether the request was taken (false: the syncer is busy, or has a result not yet polled).
     */
    boolean request(final File file) {
        if (state.get() != IDLE) {
            return false;
        }
        requested = file;
        state.set(REQUESTED); // publishes the file
        LockSupport.unpark(thread);
        return true;
    }

    /**
     * Takes the result of the last request, if the syncer has one.
     *
     * @return true if a force completed since the last poll (the syncer is idle again), false if none did.
     * @throws JournalException if the force failed.
     */
    boolean poll() {
        final int s = state.get();
        if (s == FAILED) {
            throw new JournalException("the syncer thread's force failed: " + failure);
        }
        if (s != DONE) {
            return false;
        }
        state.set(IDLE);
        return true;
    }

    /** @return whether a request is under way (taken and not yet polled). */
    boolean busy() {
        return state.get() != IDLE;
    }

    /** @return forces completed so far. */
    long forces() {
        return forces;
    }

    /** @return how long the last completed force took (0 before the first). */
    long lastForceNanos() {
        return lastForceNanos;
    }

    private void run() {
        try {
            while (running) {
                if (state.get() != REQUESTED) {
                    LockSupport.parkNanos(this, PARK_NANOS);
                    continue;
                }
                final long start = System.nanoTime();
                try {
                    force(requested);
                } catch (final IOException | RuntimeException | Error e) { // an Error too: never a silent stop
                    failure = e.toString();
                    state.set(FAILED);
                    LOG.error("Baton journal: forcing the journal to disk failed; the engine stops: {}", failure);
                    return;
                }
                lastForceNanos = System.nanoTime() - start;
                forces++; // one writer: this thread
                state.set(DONE);
            }
        } finally {
            closeChannel();
        }
    }

    private void force(final File file) throws IOException {
        if (!file.equals(open)) {
            if (channel != null) {
                channel.force(false); // the rest of the file the writer left
                closeChannel();
            }
            channel = FileChannel.open(file.toPath(), StandardOpenOption.READ);
            open = file;
        }
        channel.force(false);
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (final IOException e) {
                LOG.warn("Baton journal: closing the syncer's descriptor of {} failed: {}", open, e.toString());
            }
            channel = null;
            open = null;
        }
    }

    /** Stops the thread once any force under way is done, and waits for it. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (final InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
