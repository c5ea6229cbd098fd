package dev.baton.cli.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The demo's journal directory and the files written next to it. A run always starts a fresh journal:
 * a directory that does not exist or is empty is used; one that holds the {@value #MARKER} file a
 * previous demo run wrote is emptied first; any other is refused, so the demo never deletes a journal
 * it did not write.
 */
final class JournalDir {
    /** The file marking a directory as written by {@code baton demo}. */
    static final String MARKER = ".baton-demo";

    private final Path dir;

    JournalDir(final Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /** @return the directory. */
    Path dir() {
        return dir;
    }

    /** @return the file named after the directory with {@code suffix}, next to it (e.g. baton-journal.hgrm). */
    Path sibling(final String suffix) {
        final Path parent = dir.getParent() == null ? dir : dir.getParent();
        return parent.resolve(dir.getFileName() + suffix);
    }

    /**
     * Makes the directory a fresh, empty journal directory with the marker.
     *
     * @return null when done, else why not (nothing was changed).
     */
    String prepare() throws IOException {
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) {
                return dir + " exists and is not a directory: give another --journal";
            }
            final boolean empty;
            try (Stream<Path> files = Files.list(dir)) {
                empty = files.findAny().isEmpty();
            }
            if (!empty) {
                if (!Files.isRegularFile(dir.resolve(MARKER))) {
                    return dir + " exists and was not written by baton demo (it has no " + MARKER
                        + " file): give another --journal, or remove it yourself";
                }
                try (Stream<Path> all = Files.walk(dir)) {
                    all.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(dir)).forEach(JournalDir::delete);
                }
            }
        } else {
            Files.createDirectories(dir);
        }
        Files.writeString(dir.resolve(MARKER), "Written by 'baton demo'. A new demo run with this --journal deletes "
            + "this directory's contents.\n", StandardCharsets.UTF_8);
        return null;
    }

    /** @return the size of every file in the directory, in bytes. */
    long bytes() throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (final IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        }
    }

    private static void delete(final Path p) {
        try {
            Files.delete(p);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot delete " + p + " of the previous demo journal", e);
        }
    }
}
