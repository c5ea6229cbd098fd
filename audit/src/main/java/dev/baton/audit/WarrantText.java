package dev.baton.audit;

import java.util.Base64;
import java.util.HexFormat;

/**
 * Decodes a warrant written as text: hex or base64 (standard or URL-safe), whitespace ignored, an
 * optional {@code warrant:} prefix dropped. Hex wins when the text is valid both ways (an even number
 * of hex digits). The bytes are not checked: decode them with {@code WarrantDecoder}.
 * <p>
 * <b>Note:</b> stateless and thread-safe; allocates the bytes.
 */
public final class WarrantText {
    private static final String PREFIX = "warrant:";

    private WarrantText() {
    }

    /**
     * @param raw  the text.
     * @param what how to name the input in an error message, e.g. {@code 'AbC...'} or {@code FILE (text)}.
     * @return the warrant bytes (not yet checked).
     * @throws IllegalArgumentException saying what is wrong and what to give instead.
     */
    public static byte[] decode(final String raw, final String what) {
        final String text = raw.startsWith(PREFIX) ? raw.substring(PREFIX.length()).strip() : raw;
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

    /**
     * @param s a user's text.
     * @return it, cut to 40 characters with {@code ...} if longer: for messages.
     */
    public static String abbreviate(final String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
