package dev.baton.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A directory of snapshot files, {@code snapshot-<SEAL sequence, 20 digits>.snap}. A snapshot is written
 * to a temporary file, forced to disk, renamed over its name in one atomic step and the directory forced,
 * so a reader sees a whole snapshot or none (a crash leaves at most a {@code .tmp} file, which is never
 * read and is removed by the next write).
 * <p>
 * <b>Note:</b> thread-safe for one writer and any number of readers; allocates.
 */
public final class SnapshotStore {
    private static final String PREFIX = "snapshot-";
    private static final String SUFFIX = ".snap";
    private static final String TEMP = ".tmp";

    private final Path dir;

    /** @param dir the snapshot directory (created on the first write). */
    public SnapshotStore(final Path dir) {
        this.dir = dir;
    }

    /** @return the directory. */
    public Path dir() {
        return dir;
    }

    /** @return the file a snapshot at {@code sealSequence} has. */
    Path fileFor(final long sealSequence) {
        return dir.resolve(String.format("%s%020d%s", PREFIX, sealSequence, SUFFIX));
    }

    /**
     * Writes a snapshot atomically: temporary file, force, atomic rename, force the directory.
     *
     * @throws UncheckedIOException if it cannot be written.
     */
    void write(final long sealSequence, final byte[] bytes, final int length) {
        final Path target = fileFor(sealSequence);
        final Path temp = target.resolveSibling(target.getFileName() + TEMP);
        try {
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
                final ByteBuffer b = ByteBuffer.wrap(bytes, 0, length);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (final AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + dir + " cannot rename atomically", e);
            }
            forceDirectory();
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write snapshot " + target, e);
        }
    }

    private void forceDirectory() {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (final IOException | UnsupportedOperationException e) {
            // Some platforms cannot open a directory; the rename is then as durable as the OS makes it.
        }
    }

    /** @return the snapshot files, newest (highest SEAL sequence) first; none if there is no directory. */
    public List<Path> newestFirst() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> {
                final String n = f.getFileName().toString();
                return n.startsWith(PREFIX) && n.endsWith(SUFFIX);
            }).sorted(Comparator.comparing((Path f) -> f.getFileName().toString()).reversed()).toList();
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot list snapshot directory " + dir, e);
        }
    }

    /**
     * Reads and verifies one snapshot file.
     *
     * @param key the journal key, or null.
     * @throws IllegalStateException naming the file and why it cannot be used.
     */
    Snapshot read(final Path file, final byte[] key) {
        final byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (final IOException | OutOfMemoryError e) {
            throw new IllegalStateException(file.getFileName() + ": cannot be read: " + e, e);
        }
        try {
            final Snapshot s = SnapshotFile.read(bytes, key);
            s.path = file;
            final String name = file.getFileName().toString();
            if (!name.equals(fileFor(s.sealSequence).getFileName().toString())) {
                throw new IllegalStateException("it holds the SEAL at sequence " + s.sealSequence
                    + ", not the one its name says (renamed)");
            }
            return s;
        } catch (final IllegalStateException e) {
            throw new IllegalStateException(file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deletes all but the newest {@code keep} snapshots, and leftover temporary files.
     *
     * @return the files deleted.
     */
    List<Path> prune(final int keep) {
        final List<Path> deleted = new ArrayList<>();
        final List<Path> all = newestFirst();
        try {
            for (int i = keep; i < all.size(); i++) {
                Files.deleteIfExists(all.get(i));
                deleted.add(all.get(i));
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (final Path f : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX + TEMP)).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot prune snapshot directory " + dir, e);
        }
        return deleted;
    }
}
