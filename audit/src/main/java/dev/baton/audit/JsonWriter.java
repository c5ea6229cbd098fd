package dev.baton.audit;

import java.util.List;

/**
 * Writes one JSON object on one line (for JSON Lines), escaping strings per RFC 8259: quotation mark,
 * reverse solidus and control characters are escaped, everything else is written as is (UTF-8 on
 * output). Null string values are written as {@code null}.
 * <p>
 * <b>Note:</b> not thread-safe; reuse it with {@link #reset()}.
 */
final class JsonWriter {
    // The structural characters by their RFC 8259 names.
    private static final char BEGIN_OBJECT = 0x7B;
    private static final char END_OBJECT = 0x7D;
    private static final char BEGIN_ARRAY = 0x5B;
    private static final char END_ARRAY = 0x5D;
    private static final char NAME_SEPARATOR = 0x3A;
    private static final char VALUE_SEPARATOR = 0x2C;
    private static final char QUOTATION_MARK = 0x22;
    private static final char REVERSE_SOLIDUS = 0x5C;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder sb = new StringBuilder(512);
    /** Per open object, by depth: whether no field has been written to it yet. */
    private boolean[] first = new boolean[8];
    private int depth;

    /** The last instant and version written as text: consecutive lines mostly repeat them. */
    private long lastMillis = Long.MIN_VALUE;
    private String lastInstant;
    private long lastVersion;
    private String lastVersionText;
    /** The last recorded policy path and its file name: a policy's rules share one path string. */
    private String lastPath;
    private String lastFileName;

    /** @return {@link DecisionEntry#instant(long)}, remembered while the same instant repeats. */
    String instant(final long epochMillis) {
        if (epochMillis != lastMillis || lastInstant == null) {
            lastMillis = epochMillis;
            lastInstant = DecisionEntry.instant(epochMillis);
        }
        return lastInstant;
    }

    /** @return {@link DecisionEntry#version(long)}, remembered while the same version repeats. */
    String version(final long versionId) {
        if (versionId != lastVersion || lastVersionText == null) {
            lastVersion = versionId;
            lastVersionText = DecisionEntry.version(versionId);
        }
        return lastVersionText;
    }

    /** @return {@link SystemJson#fileName(String)}, remembered while the same path string repeats. */
    String fileName(final String path) {
        if (path != lastPath || lastFileName == null) {
            lastPath = path;
            lastFileName = SystemJson.fileName(path);
        }
        return lastFileName;
    }

    /** Writes {@code bytes} as a string of lower-case hex digits, without an intermediate string. */
    JsonWriter hexField(final String name, final byte[] bytes) {
        name(name);
        sb.append(QUOTATION_MARK);
        for (final byte b : bytes) {
            sb.append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
        }
        sb.append(QUOTATION_MARK);
        return this;
    }

    /** Writes a UUID's canonical text (8-4-4-4-12 lower-case hex digits) from its two halves. */
    JsonWriter uuidField(final String name, final long high, final long low) {
        name(name);
        sb.append(QUOTATION_MARK);
        hex(high >>> 32, 8).append('-');
        hex(high >>> 16, 4).append('-');
        hex(high, 4).append('-');
        hex(low >>> 48, 4).append('-');
        hex(low, 12);
        sb.append(QUOTATION_MARK);
        return this;
    }

    private StringBuilder hex(final long value, final int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            sb.append(HEX[(int) (value >>> (4 * i)) & 0xF]);
        }
        return sb;
    }

    /** Writes field {@code name} with {@code json}, a JSON value written before (e.g. the labels object). */
    JsonWriter rawField(final String name, final String json) {
        name(name);
        sb.append(json);
        return this;
    }

    /** Starts a new top-level object. */
    JsonWriter reset() {
        sb.setLength(0);
        depth = 0;
        sb.append(BEGIN_OBJECT);
        open();
        return this;
    }

    JsonWriter field(final String name, final String value) {
        name(name);
        string(value);
        return this;
    }

    JsonWriter field(final String name, final long value) {
        name(name);
        sb.append(value);
        return this;
    }

    JsonWriter field(final String name, final boolean value) {
        name(name);
        sb.append(value);
        return this;
    }

    JsonWriter field(final String name, final List<String> values) {
        name(name);
        sb.append(BEGIN_ARRAY);
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(VALUE_SEPARATOR);
            }
            string(values.get(i));
        }
        sb.append(END_ARRAY);
        return this;
    }

    /** Opens a nested object as field {@code name}; close it with {@link #end()}. */
    JsonWriter object(final String name) {
        name(name);
        sb.append(BEGIN_OBJECT);
        open();
        return this;
    }

    JsonWriter end() {
        depth--;
        sb.append(END_OBJECT);
        return this;
    }

    private void open() {
        if (depth == first.length) {
            first = java.util.Arrays.copyOf(first, depth * 2);
        }
        first[depth++] = true;
    }

    /** @return the finished object (closes the top level). */
    String line() {
        while (depth > 0) {
            end();
        }
        return sb.toString();
    }

    /** Field names are Baton's own constants or label keys: written as given when they need no escape. */
    private void name(final String name) {
        if (!first[depth - 1]) {
            sb.append(VALUE_SEPARATOR);
        }
        first[depth - 1] = false;
        if (plain(name)) {
            sb.append(QUOTATION_MARK).append(name).append(QUOTATION_MARK);
        } else {
            string(name);
        }
        sb.append(NAME_SEPARATOR);
    }

    private static boolean plain(final String name) {
        for (int i = 0; i < name.length(); i++) {
            final char c = name.charAt(i);
            if (c < 0x20 || c == QUOTATION_MARK || c == REVERSE_SOLIDUS || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    private void string(final String s) {
        if (s == null) {
            sb.append("null");
            return;
        }
        sb.append(QUOTATION_MARK);
        // Runs of characters that need no escape are appended whole (most strings are one run).
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            if (c >= 0x20 && c != QUOTATION_MARK && c != REVERSE_SOLIDUS && (c < 0x2028 || c > 0x2029)) {
                continue;
            }
            final char escape = shortEscape(c);
            sb.append(s, run, i);
            run = i + 1;
            if (escape != 0) {
                sb.append(REVERSE_SOLIDUS).append(escape);
            } else {
                // Other control characters, and the two line separators JavaScript would end a line at.
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        sb.append(s, run, s.length()).append(QUOTATION_MARK);
    }

    /** @return the letter of {@code c}'s two-character escape, or 0 if it has none. */
    private static char shortEscape(final char c) {
        switch (c) {
            case QUOTATION_MARK:
                return QUOTATION_MARK;
            case REVERSE_SOLIDUS:
                return REVERSE_SOLIDUS;
            case '\n':
                return 'n';
            case '\r':
                return 'r';
            case '\t':
                return 't';
            case '\b':
                return 'b';
            case '\f':
                return 'f';
            default:
                return 0;
        }
    }
}
