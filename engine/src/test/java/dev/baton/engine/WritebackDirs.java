package dev.baton.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Directories on a filesystem that writes pages back, for tests that read which pages a force left dirty: on
 * tmpfs (often the temp directory) {@code msync} writes nothing back and every page stays dirty.
 */
final class WritebackDirs {
    private static final Set<String> NO_WRITEBACK = Set.of("tmpfs", "ramfs");

    private WritebackDirs() {
    }

    /**
     * @return {@code tmp} if its filesystem writes back, else a new directory under the module's {@code target}
     *     (delete it with {@link #deleteIfMade}); the test is skipped if neither does.
     */
    static Path under(final Path tmp) throws IOException {
        if (writesBack(tmp)) {
            return tmp;
        }
        final Path target = Path.of("target").toAbsolutePath();
        Files.createDirectories(target);
        assumeTrue(writesBack(target), "no directory on a filesystem with writeback: " + tmp + ", " + target);
        return Files.createTempDirectory(target, "writeback-test");
    }

    /** Deletes {@code dir} and everything in it if {@link #under} made it (not {@code tmp}, which JUnit deletes). */
    static void deleteIfMade(final Path dir, final Path tmp) throws IOException {
        if (dir == null || dir.equals(tmp)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (final Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static boolean writesBack(final Path dir) throws IOException {
        return !NO_WRITEBACK.contains(Files.getFileStore(dir).type());
    }
}
