package dev.baton.cli;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Writes one JSON object on one line (for JSON Lines), escaping strings per RFC 8259: quote, backslash
 * and control characters are escaped, everything else is written as is (UTF-8 on output). Null string
 * values are written as {@code null}.
 * <p>
 * <b>Note:</b> not thread-safe; reuse it with {@link #reset()}.
 */
final class JsonWriter {
    private final StringBuilder sb = new StringBuilder(512);
    private final Deque<Boolean> first = new ArrayDeque<>();

    /** Starts a new top-level object. */
    JsonWriter reset() {
        sb.setLength(0);
        first.clear();
        sb.append('{');
        first.push(true);
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
        sb.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            string(values.get(i));
        }
        sb.append(']');
        return this;
    }

    /** Opens a nested object as field {@code name}; close it with {@link #end()}. */
    JsonWriter object(final String name) {
        name(name);
        sb.append('{');
        first.push(true);
        return this;
    }

    JsonWriter end() {
        first.pop();
        sb.append('}');
        return this;
    }

    /** @return the finished object (closes the top level). */
    String line() {
        while (!first.isEmpty()) {
            end();
        }
        return sb.toString();
    }

    private void name(final String name) {
        if (!first.peek()) {
            sb.append(',');
        }
        first.pop();
        first.push(false);
        string(name);
        sb.append(':');
    }

    private void string(final String s) {
        if (s == null) {
            sb.append("null");
            return;
        }
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                case '\b': sb.append("\\b"); break;
                case '\f': sb.append("\\f"); break;
                default:
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }
}
