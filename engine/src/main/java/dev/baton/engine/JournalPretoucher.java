package dev.baton.engine;

import net.openhft.chronicle.bytes.MappedBytesStore;
import net.openhft.chronicle.bytes.MappedFile;
import net.openhft.chronicle.core.io.ReferenceOwner;
import net.openhft.posix.MAdviseFlag;
import net.openhft.posix.PosixAPI;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Touches the journal file's pages ahead of the writer, on a thread of its own, so that the engine thread
 * never takes the first-touch page fault of the mapped file. On Linux, the first write to a page of a
 * sparse queue file faults, and the kernel zero-fills it and the rest of its read-ahead window (large
 * folios on ext4): a profile of the load generator put the engine thread in that {@code memset} for
 * 10-20 ms at a time, every few hundred milliseconds. The open-source Chronicle Queue ships an empty
 * pretoucher ({@code PretouchUtil}), so this one is Baton's.
 * <p>
 * Each page from the writer's position to {@code lead} bytes past it gets one compare-and-set of 0 to 0
 * on its first int, through the same mapping the appender writes through (the chunk's {@link
 * MappedBytesStore}, acquired from the cycle file's {@link MappedFile}). The compare-and-set is atomic,
 * so it can never change a byte: where the writer has already written, it fails and writes nothing;
 * where it succeeds, the int was and stays 0. It is a write, so the kernel maps the page writable and the
 * writer's store to it later takes no fault at all. The touched range never reaches past the file's
 * capacity, and the thread touches nothing in a file the writer has left (a roll cycle): it follows the
 * {@link MappedFile} the writer {@linkplain #writerAt publishes}, and holds a reference to that file and
 * to the chunk it touches, so neither is unmapped under it; it gives both back when the writer moves on
 * and when it stops. Before it touches pages it reserves their disk blocks ({@link FileReservation}). Any
 * failure stops the pretoucher (logged once), never the engine, except a file that cannot grow (a full disk:
 * the reservation refused, or a touch faulted): then the journal stops writing before the writer gets there
 * ({@link #fault()}), so that no batch is written half into pages the file cannot have.
 * <p>
 * Before it touches a chunk, it advises the kernel that the chunk's mapping is read at random ({@code
 * madvise(MADV_RANDOM)}), unless {@code readAhead}: the writer only ever writes new pages of a sparse file, so
 * read-ahead only zero-fills holes ahead of the fault, megabytes at a time, holding a core for as long. One
 * page per fault never cost more in the load generator and at times cut its p99 twentyfold on disk
 * (docs/durability.md says when).
 * <p>
 * <b>Note:</b> thread-safe: {@link #writerAt} is called by the engine thread, {@link #close} by the thread
 * closing the journal. Allocates nothing in steady state ({@link #writerAt} is two volatile writes).
 */
final class JournalPretoucher implements ReferenceOwner, AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JournalPretoucher.class);
    /** The page size touched (the smallest page of every platform Baton runs on). */
    static final int PAGE = 4096;
    /** How long the thread sleeps after a round that touched pages. */
    private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** How long it sleeps after a round with nothing to touch (an idle writer): fewer wake-ups. */
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final long lead;
    private final boolean readAhead;
    private final Thread thread;
    private volatile MappedFile file;
    private volatile long position = -1;
    private volatile boolean running = true;
    private volatile long pagesTouched;
    private volatile long filesFollowed;
    private volatile long chunksAdvised;
    /** Why the file could not grow ahead of the writer (see {@link #fault()}), or null. */
    private volatile String fault;
    /** The file whose blocks are reserved up to {@link #reservedEnd}, or null (none yet, or not possible). */
    private volatile MappedFile reservedIn;
    private volatile long reservedEnd;
    // Read and written by the pretoucher thread only.
    /** The page being touched, for {@link #fault}. */
    private long touching = -1;
    private MappedFile held;
    private MappedBytesStore store;
    private long storeChunk = -1;
    /** The chunk before {@link #store}, held while its overlap (mapped by both) is being touched, or null. */
    private MappedBytesStore previous;
    private long touched;
    private boolean adviceRefused;
    /** Reserves the held file's blocks ahead of the pages touched, or null (not possible here). */
    private FileReservation reservation;

    /**
     * Starts the thread.
     *
     * @param lead      bytes to keep touched ahead of the writer.
     * @param readAhead whether to leave the kernel's read-ahead on the chunks it touches (else they are
     *                  advised {@code MADV_RANDOM}).
     * @param name      the thread's name.
     */
    JournalPretoucher(final long lead, final boolean readAhead, final String name) {
        if (lead < PAGE) {
            throw new IllegalArgumentException("the pretouch lead must be at least " + PAGE + " bytes, found " + lead);
        }
        this.lead = lead;
        this.readAhead = readAhead;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Tells the thread where the writer is: in {@code mapped} (the cycle file it writes), at byte
     * {@code writePosition}. Called by the writer after it appends; allocation-free.
     */
    void writerAt(final MappedFile mapped, final long writePosition) {
        if (mapped != file) {
            position = -1; // a reader that sees the new file never pairs it with the old file's position
            file = mapped;
        }
        position = writePosition;
    }

    /** @return pages touched so far (for tests). */
    long pagesTouched() {
        return pagesTouched;
    }

    /** @return cycle files it has touched pages in (for tests). */
    long filesFollowed() {
        return filesFollowed;
    }

    /** @return chunk mappings advised {@code MADV_RANDOM} so far (for tests). */
    long chunksAdvised() {
        return chunksAdvised;
    }

    /**
     * @return why the file could not grow ahead of the writer: its blocks could not be reserved ({@link
     *     FileReservation}), or a touch faulted (the kernel's SIGBUS, which the JVM reports as an InternalError);
     *     a full disk, most likely. Null if neither happened.
     */
    String fault() {
        return fault;
    }

    /**
     * @return whether this thread has reserved the blocks of {@code f} up to {@code end} (so the writer need not):
     *     allocation-free.
     */
    boolean reserved(final MappedFile f, final long end) {
        return reservedIn == f && reservedEnd >= end;
    }

    private String fileName() {
        final MappedFile f = held;
        return f == null ? "the journal file" : f.file().getName();
    }

    /** @return whether the thread is still touching (false after {@link #close} or a failure). */
    boolean running() {
        return running && thread.isAlive();
    }

    private void run() {
        try {
            while (running) {
                final long before = pagesTouched;
                round();
                LockSupport.parkNanos(pagesTouched != before ? PAUSE_NANOS : IDLE_NANOS);
            }
        } catch (final InternalError e) {
            // A write into the mapped file faulted (SIGBUS): the file cannot grow there, most likely a full disk.
            // The writer is still behind this page; the journal stops before it writes into it (fault()).
            fault = "a write to byte " + touching + " of " + fileName() + " faulted (" + e.getMessage() + ")";
            LOG.error("Baton journal: the pretoucher stopped: {}; is the disk full?", fault);
        } catch (final RuntimeException | Error e) {
            LOG.warn("Baton journal: the pretoucher stopped (the engine goes on; its appends may take page faults): {}",
                e.toString());
        } finally {
            running = false;
            releaseFile();
        }
    }

    /** Touches the pages from where the last round stopped (or the writer, if it is ahead) to its lead. */
    private void round() {
        final MappedFile f = file;
        final long at = position;
        if (f == null || at < 0 || f != file) {
            return;
        }
        if (f != held) {
            releaseFile();
            if (!tryReserve(f)) {
                return; // the writer has already rolled past it and it was closed
            }
            held = f;
            touched = 0;
            filesFollowed++;
            reservation = FileReservation.open(f.file(), at & -PAGE);
        }
        final long lead = Math.min(this.lead, f.chunkSize() / 2); // never more than one chunk ahead of the writer
        final long end = Math.min(at + lead, f.capacity());
        if (reservation != null) {
            final String refused = reservation.upTo(end, f.capacity());
            if (refused != null) { // a full disk, most likely: the writer stops short of it (fault())
                fault = refused;
                running = false;
                LOG.error("Baton journal: the pretoucher stopped: {}; the engine stops before it writes there", refused);
                return;
            }
            if (reservation.reserves(f.file())) {
                reservedEnd = reservation.reservedEnd(); // the end first: a reader that sees the file sees it
                reservedIn = f;
            } else {
                reservedIn = null;
            }
        }
        long page = Math.max(touched, (at + PAGE - 1) & -PAGE); // the writer's own page is touched already
        for (; page + Integer.BYTES <= end && running; page += PAGE) {
            touch(f, page);
        }
        touched = Math.max(touched, page);
    }

    /**
     * Touches the page at {@code at} through the chunk mapping it falls in and, in the overlap a chunk
     * mapping has past its end (which the writer goes on writing through when a record crosses the
     * chunk boundary), through the previous chunk's mapping too.
     */
    private void touch(final MappedFile f, final long at) {
        final long chunk = at / f.chunkSize();
        if (chunk != storeChunk) {
            final MappedBytesStore next;
            try {
                next = f.acquireByteStore(this, at);
            } catch (final java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            if (!readAhead) {
                advise(next);
            }
            releasePrevious();
            previous = chunk == storeChunk + 1 ? store : null;
            if (previous == null && store != null) {
                store.release(this);
            }
            store = next;
            storeChunk = chunk;
        }
        touching = at;
        store.compareAndSwapInt(at, 0, 0); // never changes a byte: see the class comment
        if (previous != null) {
            if (at - chunk * f.chunkSize() < f.overlapSize()) {
                previous.compareAndSwapInt(at, 0, 0);
            } else {
                releasePrevious();
            }
        }
        pagesTouched++;
    }

    /**
     * Advises the chunk's whole mapping (its overlap included) {@code MADV_RANDOM}. The advice changes how
     * pages are brought in, never their bytes; a kernel or platform that refuses it leaves read-ahead on
     * (logged once, and not asked again).
     */
    private void advise(final MappedBytesStore chunk) {
        if (adviceRefused) {
            return;
        }
        String why;
        try {
            final int failed = PosixAPI.posix().madvise(chunk.addressForRead(chunk.start()), chunk.realCapacity(),
                MAdviseFlag.MADV_RANDOM);
            if (failed == 0) {
                chunksAdvised++;
                return;
            }
            why = "returned " + failed;
        } catch (final RuntimeException | LinkageError unsupported) { // a platform without it: not a reason to stop
            why = unsupported.toString();
        }
        adviceRefused = true;
        LOG.info("Baton journal: madvise(MADV_RANDOM) refused ({}); the journal keeps the kernel's read-ahead", why);
    }

    private void releasePrevious() {
        if (previous != null) {
            previous.release(this);
            previous = null;
        }
    }

    private boolean tryReserve(final MappedFile f) {
        try {
            return f.tryReserve(this);
        } catch (final IllegalStateException closed) {
            return false;
        }
    }

    private void releaseStore() {
        releasePrevious();
        if (store != null) {
            store.release(this);
            store = null;
            storeChunk = -1;
        }
    }

    private void releaseFile() {
        releaseStore();
        if (reservation != null) {
            reservedIn = null;
            reservation.close();
            reservation = null;
        }
        if (held != null) {
            held.release(this);
            held = null;
        }
    }

    /** Stops the thread and waits for it to give back what it holds; before the journal closes its queue. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
