package dev.baton.engine;

import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Archives or deletes the roll-cycle files of a journal that no recovery needs any more: those wholly
 * before the file holding the SEAL of the <i>oldest</i> snapshot that verifies (so that any snapshot kept
 * can still be continued from, if a newer one turns out bad). An explicit operation, never done by the
 * engine on its own: after it, a full replay of the journal is no longer possible here (the archived
 * files still verify where they are copied to), an engine recovers only from a snapshot, and an auditor
 * verifies what remains from a signed checkpoint or a keyed SEAL ({@link JournalStart#remaining()}).
 * <p>
 * Run it on a journal no engine is writing, or while one runs: it only touches files before the snapshot's,
 * which a running engine never appends to.
 * <p>
 * <b>Note:</b> stateless; allocates.
 */
public final class JournalArchive {
    private JournalArchive() {
    }

    /**
     * Moves the journal's files that lie wholly before the oldest good snapshot into {@code archive}, or
     * deletes them.
     *
     * @param journal    the journal directory.
     * @param snapshots  its snapshots.
     * @param journalKey the journal key (then only snapshots whose mac verifies count), or null.
     * @param archive    where to move the files (created if absent), or null to delete them.
     * @return the journal files archived or deleted, oldest first (none if no snapshot verifies).
     * @throws UncheckedIOException if a file cannot be moved or deleted.
     */
    public static List<Path> archiveBehindSnapshots(final Path journal, final SnapshotStore snapshots,
                                                    final byte[] journalKey, final Path archive) {
        final String keepFrom = oldestGoodSnapshotFile(snapshots, journalKey);
        final List<Path> done = new ArrayList<>();
        if (keepFrom == null) {
            return done;
        }
        try {
            if (archive != null) {
                Files.createDirectories(archive);
            }
            for (final Path file : JournalScan.files(journal)) {
                if (file.getFileName().toString().compareTo(keepFrom) >= 0) {
                    break;
                }
                if (archive != null) {
                    Files.move(file, archive.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                } else {
                    Files.delete(file);
                }
                done.add(file);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot archive the journal files of " + journal, e);
        }
        if (!done.isEmpty()) {
            refreshListing(journal);
        }
        return done;
    }

    /**
     * Chronicle Queue keeps the lowest roll cycle in its metadata file; a read-only reader (an auditor's)
     * trusts it and would look for the first file in the archive. A writable open re-lists the directory.
     */
    private static void refreshListing(final Path journal) {
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.single(journal.toFile()).build()) {
            queue.refreshDirectoryListing();
        }
    }

    /** @return the journal file holding the SEAL of the oldest snapshot that verifies, or null. */
    private static String oldestGoodSnapshotFile(final SnapshotStore snapshots, final byte[] journalKey) {
        final List<Path> all = snapshots.newestFirst();
        for (int i = all.size() - 1; i >= 0; i--) {
            try {
                return snapshots.read(all.get(i), journalKey).file;
            } catch (final IllegalStateException e) {
                // not usable: the next older one that verifies decides (or none)
            }
        }
        return null;
    }
}
