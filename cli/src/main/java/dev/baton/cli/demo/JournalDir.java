package dev.baton.cli.demo;

import dev.baton.engine.JournalLock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.LinkOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * The demo's journal directory and the files written next to it. A run always starts a fresh journal:
 * a directory that does not exist or is empty is used. One that holds only an earlier demo run's journal
 * (the {@value #MARKER} file it wrote and Chronicle Queue files) is emptied first, but only when the
 * caller says it may be replaced ({@code --fresh}, or the default directory). Any other is refused, so
 * the demo never deletes a journal it did not write, nor one it was not told to replace, nor one an engine is
 * writing ({@link JournalLock}: another demo run, say).
 */
final class JournalDir {
    /** The file marking a directory as written by {@code baton demo}. */
    static final String MARKER = ".baton-demo";

    private final Path dir;
    private boolean replaced;

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
     * Whether {@link #prepare} would refuse the directory; changes nothing (so that a demo with several journals
     * can check them all before it empties any).
     *
     * @param replace whether an earlier demo run's journal in it may be deleted.
     * @return null when it may be used, else why not.
     */
    String refusal(final boolean replace) throws IOException {
        if (!Files.exists(dir)) {
            return null;
        }
        if (!Files.isDirectory(dir)) {
            return dir + " exists and is not a directory: give another --journal";
        }
        final String held = JournalLock.heldBy(dir);
        if (held != null) { // another run's engine is writing it: emptying it would cut that journal
            return held + " (is another demo running?)";
        }
        final List<Path> files = files();
        if (files.isEmpty()) {
            return null;
        }
        if (!Files.isRegularFile(dir.resolve(MARKER))) {
            return dir + " exists and was not written by baton demo (it has no " + MARKER
                + " file): give another --journal, or remove it yourself";
        }
        for (final Path f : files) {
            if (!isDemoOutput(f)) {
                return dir + " holds files baton demo did not write (" + f.getFileName()
                    + "): give another --journal, or remove it yourself";
            }
        }
        return replace ? null : dir + " holds the journal of an earlier demo run: give --fresh to replace it, or "
            + "another --journal";
    }

    /**
     * Makes the directory a fresh, empty journal directory with the marker.
     *
     * @param replace whether an earlier demo run's journal in it may be deleted.
     * @return null when done, else why not (nothing was changed).
     */
    String prepare(final boolean replace) throws IOException {
        final String refused = refusal(replace);
        if (refused != null) {
            return refused;
        }
        if (Files.exists(dir)) {
            final List<Path> files = files();
            files.forEach(JournalDir::delete);
            replaced = !files.isEmpty();
        } else {
            Files.createDirectories(dir);
        }
        Files.writeString(dir.resolve(MARKER), "Written by 'baton demo'. 'baton demo --journal DIR --fresh' replaces "
            + "this journal (plain 'baton demo' replaces its default baton-journal).\n", StandardCharsets.UTF_8);
        return null;
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.toList();
        }
    }

    /** @return whether {@link #prepare} deleted an earlier demo run's journal. */
    boolean replaced() {
        return replaced;
    }

    /** The marker, the engine's lock file and Chronicle Queue's files ({@code *.cq4}, {@code *.cq4t}); nothing else. */
    private static boolean isDemoOutput(final Path f) {
        final String name = f.getFileName().toString();
        return Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) && (name.equals(MARKER)
            || name.equals(JournalLock.FILE) || name.endsWith(".cq4") || name.endsWith(".cq4t"));
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
