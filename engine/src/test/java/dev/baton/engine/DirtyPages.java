package dev.baton.engine;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * Dirty bytes of this process's mappings, from {@code /proc/self/smaps} (Linux): for tests of what a force of
 * the journal leaves dirty.
 */
final class DirtyPages {
    private DirtyPages() {
    }

    /** @return Shared_Dirty + Private_Dirty, in bytes, of every mapping of {@code file}. */
    static long ofFile(final File file) throws IOException {
        final String path = " " + file.getCanonicalPath();
        return sum(header -> header.endsWith(path));
    }

    /** @return Shared_Dirty + Private_Dirty, in bytes, of the mapping that starts at {@code address}. */
    static long ofMapping(final long address) throws IOException {
        final String start = Long.toHexString(address) + "-";
        return sum(header -> header.startsWith(start));
    }

    private static long sum(final Predicate<String> mapping) throws IOException {
        boolean in = false;
        long kb = 0;
        for (final String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
            if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) { // a mapping's header line
                in = mapping.test(line);
            } else if (in && (line.startsWith("Shared_Dirty:") || line.startsWith("Private_Dirty:"))) {
                kb += Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return kb * 1024;
    }
}
