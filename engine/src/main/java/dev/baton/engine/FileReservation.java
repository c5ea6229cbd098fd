package dev.baton.engine;

import net.openhft.posix.OpenFlag;
import net.openhft.posix.PosixAPI;

import java.io.File;

/**
 * Reserves a journal file's disk blocks ahead of its writer with {@code fallocate(2)} (OpenHFT's {@link PosixAPI},
 * already on the class path through Chronicle). The writer stores into a mapping of a sparse file; on a full disk
 * such a store faults (SIGBUS), and the JVM reports it as an InternalError only some time after the store, by
 * which time a batch may already be published half written. Reserved first, a full disk is an error code here,
 * before any store, and the journal stops writing short of it. Where {@code fallocate} is not available (another
 * platform, a file system without it) nothing is reserved and {@link #upTo} never refuses.
 * <p>
 * <b>Note:</b> not thread-safe: each instance is used by one thread (the pretoucher's, or the journal's writer
 * when the pretoucher has not reserved far enough). Allocates only when it opens and refuses.
 */
final class FileReservation implements AutoCloseable {
    /** Bytes reserved at a time. */
    static final long STEP = 1L << 20;

    private final PosixAPI posix;
    private final File file;
    private int fd;
    private long reservedEnd;

    private FileReservation(final PosixAPI posix, final File file, final int fd, final long from) {
        this.posix = posix;
        this.file = file;
        this.fd = fd;
        this.reservedEnd = from;
    }

    /**
     * @param file the cycle file.
     * @param from where reserving starts (the writer's position: what is before it is written already).
     * @return its reservation, or null if the file cannot be opened for it (nothing is reserved then).
     */
    static FileReservation open(final File file, final long from) {
        try {
            final PosixAPI posix = PosixAPI.posix();
            final int fd = posix.open(file.getPath(), OpenFlag.O_RDWR, 0);
            return fd < 0 ? null : new FileReservation(posix, file, fd, from);
        } catch (final RuntimeException | LinkageError unsupported) {
            return null;
        }
    }

    /**
     * Reserves the file's blocks up to {@code end}, {@link #STEP} at a time, never past {@code capacity}.
     *
     * @return null when they are reserved (or cannot be on this platform), else why not: then nothing past what
     *     was reserved before may be written.
     */
    String upTo(final long end, final long capacity) {
        if (fd < 0 || end <= reservedEnd) {
            return null;
        }
        final long to = Math.min(capacity, (end + STEP - 1) / STEP * STEP);
        if (to <= reservedEnd) {
            return null;
        }
        final int result = posix.fallocate(fd, 0, reservedEnd, to - reservedEnd);
        if (result != 0) {
            // errno is not reliable through this binding, so ask the file system whether it has room: only a full
            // one refuses; any other failure (a file system without fallocate) goes on unreserved, as before.
            final long usable = usableSpace();
            if (usable < 0 || usable >= to - reservedEnd) {
                close();
                return null;
            }
            return "reserving bytes " + reservedEnd + " to " + to + " of " + file.getName() + " failed with "
                + usable + " bytes free on its file system";
        }
        reservedEnd = to;
        return null;
    }

    /** @return the end of what is reserved (where reserving started, until the first reservation). */
    long reservedEnd() {
        return reservedEnd;
    }

    /** @return whether this reserves blocks of {@code f} (false once the file system turned out unable to). */
    boolean reserves(final File f) {
        return fd >= 0 && file.equals(f);
    }

    /** @return the bytes usable on the file's file system, or -1 if that cannot be read. */
    private long usableSpace() {
        try {
            return java.nio.file.Files.getFileStore(file.toPath()).getUsableSpace();
        } catch (final java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        if (fd >= 0) {
            posix.close(fd);
            fd = -1;
        }
    }
}
