package dev.baton.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Measures a journal directory without Chronicle Queue: walks the document headers of every {@code .cq4}
 * data file with plain reads, counting the complete data documents (one per journal record) and finding
 * a file that ends inside a document (a truncated journal). The commands then read only the complete
 * records, so a cut file is never memory-mapped past its end.
 * <p>
 * A Chronicle document starts with a 4-byte little-endian header: bit 31 "not complete", bit 30
 * "metadata", bits 0-29 the length; headers are 4-byte aligned, and a header of 0 marks the end of the
 * written data.
 * <p>
 * <b>Note:</b> stateless; opens each file read-only.
 */
final class JournalFiles {
    private static final int NOT_COMPLETE = 0x8000_0000;
    private static final int META_DATA = 0x4000_0000;
    private static final int LENGTH_MASK = 0x3FFF_FFFF;
    private static final int WINDOW = 1 << 16;

    /**
     * What the walk found.
     *
     * @param records complete data documents (journal records), in order.
     * @param cut     where the data ends inside a document, described, or null.
     */
    record Extent(long records, String cut) {
    }

    private JournalFiles() {
    }

    /**
     * Checks that {@code dir} looks like a journal.
     *
     * @return null if it does, else what is wrong (for the user).
     */
    static String problem(final Path dir) {
        if (!Files.exists(dir)) {
            return "no such journal directory: " + dir;
        }
        if (!Files.isDirectory(dir)) {
            return dir + " is not a directory: give a journal directory (the one holding the *.cq4 files)";
        }
        if (dataFiles(dir).isEmpty()) {
            return dir + " holds no journal files (*.cq4): give the engine's journal directory";
        }
        return null;
    }

    /** @return the data files of a journal directory, in cycle (name) order. */
    static List<Path> dataFiles(final Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".cq4")).sorted().toList();
        } catch (final IOException e) {
            return List.of();
        }
    }

    /** Walks every data file of {@code dir}. */
    static Extent measure(final Path dir) throws IOException {
        long records = 0;
        for (final Path file : dataFiles(dir)) {
            final Walk walk = walk(file);
            records += walk.records;
            if (walk.cut != null) {
                return new Extent(records, walk.cut);
            }
        }
        return new Extent(records, null);
    }

    private record Walk(long records, String cut) {
    }

    private static Walk walk(final Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            final long size = ch.size();
            final ByteBuffer window = ByteBuffer.allocate(WINDOW).order(ByteOrder.LITTLE_ENDIAN);
            long windowStart = -1;
            int windowLength = 0;
            long position = 0;
            long records = 0;
            while (true) {
                if (position + 4 > size) {
                    return position == size ? new Walk(records, null) : new Walk(records, cut(file, size,
                        position, 4));
                }
                if (windowStart < 0 || position < windowStart || position + 4 > windowStart + windowLength) {
                    window.clear();
                    windowStart = position;
                    windowLength = Math.max(0, ch.read(window, position));
                    if (windowLength < 4) {
                        return new Walk(records, cut(file, size, position, 4));
                    }
                }
                final int header = window.getInt((int) (position - windowStart));
                if (header == 0 || (header & NOT_COMPLETE) != 0) {
                    return new Walk(records, null); // end of data, or a document its writer never finished
                }
                final long end = position + 4 + (header & LENGTH_MASK);
                if (end > size) {
                    return new Walk(records, cut(file, size, position, end - position));
                }
                if ((header & META_DATA) == 0) {
                    records++;
                }
                position = (end + 3) & ~3L; // headers are 4-byte aligned
            }
        }
    }

    private static String cut(final Path file, final long size, final long start, final long length) {
        return "the file " + file.getFileName() + " ends at byte " + size + ", inside a document that starts at byte "
            + start + " and needs " + length + " bytes: the journal was truncated";
    }
}
