package dev.baton.engine;

import net.openhft.chronicle.core.OS;
import net.openhft.posix.MSyncFlag;
import net.openhft.posix.PosixAPI;

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
 * One force at a time: the engine {@linkplain #request requests} one for the cycle file it writes and the
 * end of what it has written there, when the syncer is idle; the syncer writes back that part of the file and
 * reports it {@linkplain #poll done}. Everything the engine wrote before its request is on disk once the
 * force is done, so the engine may then attest the SEAL it had written last. When the writer moves on to the
 * next roll-cycle file, the syncer forces the whole file it leaves once more before it lets go of it.
 * <p>
 * <b>Only the part written.</b> On Linux the syncer maps the file itself (read-only, never written through)
 * and calls {@code msync(MS_SYNC)} from its first byte to the end the engine gave: the kernel then writes
 * back the file's dirty pages in that range, however they were written (the appender's own mapping), and
 * commits the metadata they need, as {@code fdatasync} does for the whole file. Not the whole file: the
 * {@link JournalPretoucher} keeps the pages ahead of the writer dirty, so that the writer's first store to
 * each takes no fault; a whole-file force wrote those zero pages back every interval and left them clean and
 * write-protected, and the engine thread then took a write fault ({@code ext4_page_mkwrite}) on every page it
 * wrote (3.5 % of the demo's engine thread against 1.0 % in {@code NONE}; docs/performance.md). Elsewhere,
 * or when the engine gives no end, it forces the whole file ({@link FileChannel#force}).
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

    /** Whether to force the written range through a mapping of the syncer's own (see the class comment). */
    private static final boolean RANGE = OS.isLinux();

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
    // The syncer thread's own.
    private File open;
    private FileChannel channel;
    /** The syncer's read-only mapping of {@link #open} from its first byte (0: none), and its length. */
    private long mapped;
    private long mappedLength;

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
                try {
                    force(requested, requestedEnd);
                } catch (final IOException | RuntimeException | Error e) { // an Error too: never a silent stop
                    failure = e.toString();
                    state.set(FAILED);
                    LOG.error("Baton journal: forcing the journal to disk failed; the engine stops: {}", failure);
                    return;
                }
                lastForceNanos = System.nanoTime() - start;
                lastForcedEnd = RANGE ? requestedEnd : -1;
                forces++; // one writer: this thread
                state.set(DONE);
            }
        } finally {
            closeChannel();
        }
    }

    private void force(final File file, final long end) throws IOException {
        if (!file.equals(open)) {
            if (channel != null) {
                channel.force(false); // the rest of the file the writer left
                closeChannel();
            }
            // Read and write: a shared mapping of a file opened read-only is not synced by msync on Linux.
            channel = FileChannel.open(file.toPath(), StandardOpenOption.READ, StandardOpenOption.WRITE);
            open = file;
        }
        if (!RANGE || end < 0) {
            channel.force(false);
            return;
        }
        if (end > mappedLength) {
            unmap();
            final long length = channel.size();
            if (end > length) {
                throw new IOException("the journal's cycle file " + file + " is " + length
                    + " bytes, shorter than the " + end + " written to it");
            }
            mapped = OS.map(channel, FileChannel.MapMode.READ_ONLY, 0, length);
            mappedLength = length;
        }
        if (end > 0 && PosixAPI.posix().msync(mapped, end, MSyncFlag.MS_SYNC) != 0) {
            throw new IOException("msync of the first " + end + " bytes of " + file + " failed: "
                + PosixAPI.posix().lastErrorStr());
        }
    }

    private void unmap() {
        if (mapped != 0) {
            try {
                OS.unmap(mapped, mappedLength);
            } catch (final IOException e) {
                LOG.warn("Baton journal: unmapping the syncer's view of {} failed: {}", open, e.toString());
            }
            mapped = 0;
            mappedLength = 0;
        }
    }

    private void closeChannel() {
        unmap();
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
