package dev.baton.engine;

import net.openhft.chronicle.core.OS;
import net.openhft.posix.MSyncFlag;
import net.openhft.posix.PosixAPI;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

/**
 * Forces a journal cycle file to disk up to the end of what is written to it: every force of the journal
 * ({@link FsyncMode#BATCH} on the engine thread, start-up and close, {@link FsyncMode#INTERVAL} on the
 * {@link JournalSyncer}'s thread) goes through one of these.
 * <p>
 * On Linux it maps the file itself, read-only (nothing is ever written through the mapping), and calls
 * {@code msync(MS_SYNC)} from the file's first byte to the end it is given. {@code msync(MS_SYNC)} of a shared
 * file mapping is a sync of the file's range there ({@code vfs_fsync_range}): every dirty page in the range
 * is written back, however it was written (the appender's own mappings, all of its chunks, the queue's
 * header and index pages included), and the metadata they need is committed, as {@code fdatasync} does for
 * the whole file. It stops at the written end because the {@link JournalPretoucher} keeps the pages ahead of
 * the writer dirty so that the writer's first store to each takes no fault: a whole-file force wrote those
 * zero pages back and left them clean and write-protected, and the writer then faulted on every page after
 * all. Chronicle's own force ({@code MappedBytesStore.syncUpTo}) covers only the appender's current chunk, from
 * where it last stopped: a batch that began in the chunk before, and the header and index pages the appender
 * rewrites as it goes, stayed dirty until the chunk was released. Elsewhere than Linux, or without an end,
 * it forces the whole file ({@link FileChannel#force}). Moving to another file, it forces the whole file
 * it leaves once more before it lets go of it.
 * <p>
 * <b>Note:</b> not thread-safe: one thread uses an instance. Allocates when it opens and maps a cycle file
 * (once per file, and again when the file has grown past the mapping); a force itself is a system call.
 */
final class CycleFileForcer implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CycleFileForcer.class);
    /** Whether to force the written range through a mapping of its own (see the class comment). */
    private static final boolean RANGE = OS.isLinux();

    private File open;
    private FileChannel channel;
    /** The read-only mapping of {@link #open} from its first byte (0: none), and its length. */
    private long mapped;
    private long mappedLength;

    /**
     * Forces {@code file} to disk up to {@code end}.
     *
     * @param file the cycle file.
     * @param end  the end of what is written to it (a byte offset), or -1 to force it whole.
     * @return {@code end} if the force stopped there, or -1 if it forced the whole file.
     * @throws IOException if the force, or opening or mapping the file, failed.
     */
    long force(final File file, final long end) throws IOException {
        if (!file.equals(open)) {
            if (channel != null) {
                channel.force(false); // the rest of the file the writer left
                close();
            }
            // Read and write: on Linux a shared mapping of a file opened read-only is not synced by msync.
            channel = FileChannel.open(file.toPath(), StandardOpenOption.READ, StandardOpenOption.WRITE);
            open = file;
        }
        if (!RANGE || end < 0) {
            channel.force(false);
            return -1;
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
        return end;
    }

    private void unmap() {
        if (mapped != 0) {
            try {
                OS.unmap(mapped, mappedLength);
            } catch (final IOException e) {
                LOG.warn("Baton journal: unmapping the forcer's view of {} failed: {}", open, e.toString());
            }
            mapped = 0;
            mappedLength = 0;
        }
    }

    /** Unmaps the file and closes the descriptor, if any (forcing nothing more). */
    @Override
    public void close() {
        unmap();
        if (channel != null) {
            try {
                channel.close();
            } catch (final IOException e) {
                LOG.warn("Baton journal: closing the forcer's descriptor of {} failed: {}", open, e.toString());
            }
            channel = null;
            open = null;
        }
    }
}
