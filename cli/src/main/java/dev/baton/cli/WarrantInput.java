package dev.baton.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Reads the warrant a user gives: a file of raw bytes, a file holding hex or base64 text, or the hex or
 * base64 text itself (an optional {@code warrant:} prefix is ignored). Hex wins when the text is valid
 * both ways (an even number of hex digits).
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
            return looksLikeText(bytes) && !text.isEmpty() ? decode(text, arg + " (text)") : bytes;
        }
        return decode(arg.strip(), "'" + abbreviate(arg) + "'");
    }

    private static byte[] decode(final String raw, final String what) {
        final String text = raw.startsWith("warrant:") ? raw.substring("warrant:".length()).strip() : raw;
        if (text.isEmpty()) {
            throw new IllegalArgumentException("the warrant is empty: give a file of its bytes, or its hex or "
                + "base64 text");
        }
        final String compact = text.replaceAll("\\s+", "");
        if (compact.length() % 2 == 0 && compact.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return HexFormat.of().parseHex(compact);
        }
        try {
            return Base64.getDecoder().decode(compact);
        } catch (final IllegalArgumentException e) {
            try {
                return Base64.getUrlDecoder().decode(compact);
            } catch (final IllegalArgumentException e2) {
                throw new IllegalArgumentException(what + " is neither an existing file nor hex nor base64 text ("
                    + e.getMessage() + "): give a file holding the warrant's bytes, or the warrant as hex or base64");
            }
        }
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

    private static String abbreviate(final String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
