package dev.baton.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one writer of a journal directory: an exclusive lock on its {@value #FILE} file, taken before an engine
 * reads the journal to recover and held until the journal is closed. A second engine on the same directory, in
 * this process or another, is refused with a {@link JournalException} that names the holder. Without it, two
 * writers would interleave their batches in one queue: each breaks the other's chain, and decisions both had
 * acknowledged would no longer replay. Readers (replay, audit, explain) take no lock.
 * <p>
 * The lock is the operating system's ({@link FileChannel#tryLock()}), so it ends with the process that holds
 * it: a killed engine leaves nothing to clean up. The file stays, holding the holder's process id for the
 * message. A directory on a file system that cannot lock is refused too: fail closed. Within one process the
 * directories held are also kept in a set, checked before the file is opened, because on some systems opening
 * and closing a second channel on a locked file releases the process's lock.
 * <p>
 * <b>Note:</b> thread-safe; acquiring and checking allocate (once per engine start).
 */
public final class JournalLock implements AutoCloseable {
    /** The lock file, in the journal directory. */
    public static final String FILE = ".baton-writer.lock";

    /** The real paths of the journal directories an engine of this process holds. */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;
    private final AtomicBoolean released = new AtomicBoolean();

    private JournalLock(final Path dir, final FileChannel channel, final FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the directory's writer lock.
     *
     * @param journalDir an existing journal directory.
     * @return the lock; {@link #close()} releases it.
     * @throws JournalException if another engine, in this process or another, holds it, or it cannot be taken.
     */
    public static JournalLock acquire(final Path journalDir) {
        final Path dir = realPath(journalDir);
        if (!HELD.add(dir)) {
            throw new JournalException(inThisProcess(dir));
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
            final FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new JournalException(inAnotherProcess(dir, holder(channel)));
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n")
                .getBytes(StandardCharsets.US_ASCII)), 0);
            return new JournalLock(dir, channel, lock);
        } catch (final IOException | OverlappingFileLockException e) {
            closeQuietly(channel);
            HELD.remove(dir);
            throw new JournalException("cannot lock journal directory " + dir + " for writing (" + FILE + "): " + e
                + "; an engine writes only a journal it can lock");
        } catch (final RuntimeException e) {
            closeQuietly(channel);
            HELD.remove(dir);
            throw e;
        }
    }

    /**
     * Whether an engine holds a directory's writer lock now, without taking it for longer than the check.
     *
     * @param journalDir a directory (it need not exist).
     * @return null if no engine holds it, else which one does, as a sentence naming the directory.
     */
    public static String heldBy(final Path journalDir) {
        if (!Files.isRegularFile(journalDir.resolve(FILE))) {
            return null;
        }
        final Path dir = realPath(journalDir);
        if (HELD.contains(dir)) {
            return inThisProcess(dir);
        }
        final JournalLock free;
        try {
            free = acquire(dir);
        } catch (final JournalException e) {
            return e.getMessage();
        }
        free.close();
        return null;
    }

    /** @return the directory locked. */
    public Path dir() {
        return dir;
    }

    /** Releases the lock; idempotent. */
    @Override
    public void close() {
        if (!released.compareAndSet(false, true)) {
            return;
        }
        try {
            lock.release();
        } catch (final IOException e) {
            // closing the channel below releases it as well
        } finally {
            closeQuietly(channel);
            HELD.remove(dir);
        }
    }

    private static Path realPath(final Path dir) {
        try {
            return dir.toRealPath();
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot resolve journal directory " + dir, e);
        }
    }

    /** @return what the holder wrote in the lock file ("pid N"), or null if it cannot be read. */
    private static String holder(final FileChannel channel) {
        try {
            final ByteBuffer b = ByteBuffer.allocate(64);
            channel.read(b, 0);
            final String s = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).strip();
            return s.matches("pid \\d{1,19}") ? s : null;
        } catch (final IOException e) {
            return null;
        }
    }

    private static String inThisProcess(final Path dir) {
        return "journal directory " + dir + " is open for writing by another engine in this process: one engine "
            + "per journal directory";
    }

    private static String inAnotherProcess(final Path dir, final String holder) {
        return "journal directory " + dir + " is open for writing by another process"
            + (holder == null ? "" : " (" + holder + ")") + ": one engine per journal directory; stop that one, "
            + "or give this engine another directory";
    }

    private static void closeQuietly(final FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (final IOException ignored) {
            // nothing left to release
        }
    }
}
