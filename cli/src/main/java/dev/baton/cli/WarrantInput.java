package dev.baton.cli;

import dev.baton.audit.WarrantText;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Reads the warrant a user gives: a file of raw bytes, a file holding hex or base64 text, or the hex or
 * base64 text itself (decoded by {@link WarrantText}).
 */
final class WarrantInput {
    /** The largest text or file accepted: well above the largest warrant (663 bytes). */
    private static final int MAX_BYTES = 64 * 1024;

    private WarrantInput() {
    }

    /**
     * @param arg a path or the warrant text.
     * @return the warrant bytes (not yet checked).
     * @throws IllegalArgumentException saying what is wrong and what to give instead.
     */
    static byte[] read(final String arg) {
        final Path path = path(arg);
        if (path != null && Files.isRegularFile(path)) {
            final byte[] bytes;
            try {
                if (Files.size(path) > MAX_BYTES) {
                    throw new IllegalArgumentException(arg + " is " + Files.size(path) + " bytes: too large for a "
                        + "warrant (at most 663 bytes, or their hex or base64 text)");
                }
                bytes = Files.readAllBytes(path);
            } catch (final IOException e) {
                throw new IllegalArgumentException("cannot read " + arg + ": " + e.getMessage());
            }
            final String text = new String(bytes, StandardCharsets.US_ASCII).strip();
            return looksLikeText(bytes) && !text.isEmpty() ? WarrantText.decode(text, arg + " (text)") : bytes;
        }
        return WarrantText.decode(arg.strip(), "'" + WarrantText.abbreviate(arg) + "'");
    }

    private static boolean looksLikeText(final byte[] bytes) {
        for (final byte b : bytes) {
            if (b < 0x09 || (b > 0x0D && b < 0x20) || b > 0x7E) {
                return false;
            }
        }
        return true;
    }

    private static Path path(final String arg) {
        try {
            return arg.length() > 4096 ? null : Path.of(arg);
        } catch (final InvalidPathException e) {
            return null;
        }
    }
}
