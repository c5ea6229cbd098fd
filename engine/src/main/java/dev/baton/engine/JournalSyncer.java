package dev.baton.engine;

import java.io.File;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Forces the journal to disk for {@link FsyncMode#INTERVAL} on a thread of its own ({@code
 * baton-journal-syncer}), so that the engine thread never waits for the disk in that mode: forcing the
 * demo's journal on the engine thread stopped it for about a millisecond every interval (the demo's p99.9
 * was 1.1–1.4 ms in {@code INTERVAL} against 0.12–0.17 ms in {@code NONE}).
 * <p>
 * One force at a time: the engine {@linkplain #request requests} one for the cycle file it writes and the
 * end of what it has written there, when the syncer is idle; the syncer forces that part of the file (a
 * {@link CycleFileForcer}: on Linux an {@code msync} of the file from its first byte to that end, which
 * leaves the pages the pretoucher touched ahead of the writer dirty; a whole-file {@code fdatasync} cleaned
 * them every interval, and the engine thread then took a write fault on every journal page it wrote) and
 * reports it {@linkplain #poll done}. Everything the engine wrote before its request is on disk once the force
 * is done, so the engine may then attest the SEAL it had written last. When the writer moves on to the next
 * roll-cycle file, the syncer forces the whole file it leaves once more before it lets go of it.
 * <p>
 * A force that fails is reported by {@link #poll} and stops the syncer: the engine then stops, failing
 * closed, as when its own force fails.
 * <p>
 * <b>Note:</b> thread-safe: {@link #request} and {@link #poll} are called by the engine thread only,
 * {@link #close} by the thread closing the journal after the engine thread stopped. {@link #request} and
 * {@link #poll} allocate nothing; the syncer's own thread allocates when it opens and maps a cycle file.
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
    /** The file to force and the end of what was written to it (-1: unknown, force it whole): written by the
     *  engine before it sets REQUESTED, read by the syncer after. */
    private File requested;
    private long requestedEnd;
    private volatile boolean running = true;
    private volatile long forces;
    private volatile long lastForceNanos;
    private volatile long lastForcedEnd = -1;
    private volatile String failure;
    /** The syncer thread's own. */
    private final CycleFileForcer forcer = new CycleFileForcer();

    /** Starts the thread. */
    JournalSyncer(final String name) {
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Asks for a force of {@code file} (the cycle file the engine writes), unless one is still under way.
     *
     * @param end the end of what the engine has written to it (a byte offset), or -1 to force it whole.
     * @return whether the request was taken (false: the syncer is busy, or has a result not yet polled).
     */
    boolean request(final File file, final long end) {
        if (state.get() != IDLE) {
            return false;
        }
        requested = file;
        requestedEnd = end;
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

    /** @return the end of the range the last completed force wrote back, or -1: the whole file (for tests). */
    long lastForcedEnd() {
        return lastForcedEnd;
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
                final long forced;
                try {
                    forced = forcer.force(requested, requestedEnd);
                } catch (final IOException | RuntimeException | Error e) { // an Error too: never a silent stop
                    failure = e.toString();
                    state.set(FAILED);
                    LOG.error("Baton journal: forcing the journal to disk failed; the engine stops: {}", failure);
                    return;
                }
                lastForceNanos = System.nanoTime() - start;
                lastForcedEnd = forced;
                forces++; // one writer: this thread
                state.set(DONE);
            }
        } finally {
            forcer.close();
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
