package dev.baton.cli;

import java.util.List;
import java.util.Map;

/**
 * Writes the JSON documents of {@code --format json} (RFC 8259, one document on one line): objects are
 * {@link Map}s (keys in the map's order, so use a {@code LinkedHashMap}), arrays are {@link List}s, and
 * values are strings, numbers, booleans, null, or {@link Raw} JSON text written as is. Strings escape the
 * quotation mark, reverse solidus, control characters and U+2028/U+2029; everything else is written as is
 * (UTF-8 on output).
 * <p>
 * A small writer of its own rather than a JSON library: the command line only writes, the documents are
 * small, and the audit library's lines already use the same escaping.
 * <p>
 * <b>Note:</b> stateless; allocates the text it returns.
 */
final class Json {
    private Json() {
    }

    /**
     * JSON text already written (e.g. a decision as {@code baton export} writes it), embedded as a value.
     *
     * @param text one complete JSON value.
     */
    record Raw(String text) {
    }

    /** @return {@code value} as JSON text. */
    static String write(final Object value) {
        final StringBuilder sb = new StringBuilder(256);
        value(sb, value);
        return sb.toString();
    }

    private static void value(final StringBuilder sb, final Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String) {
            string(sb, (String) v);
        } else if (v instanceof Number || v instanceof Boolean) {
            number(sb, v);
        } else if (v instanceof Raw) {
            sb.append(((Raw) v).text());
        } else if (v instanceof Map) {
            object(sb, (Map<?, ?>) v);
        } else if (v instanceof List) {
            array(sb, (List<?>) v);
        } else {
            string(sb, v.toString());
        }
    }

    private static void number(final StringBuilder sb, final Object v) {
        if (v instanceof Double && !Double.isFinite((Double) v)) {
            sb.append("null"); // JSON has no NaN or infinity
        } else {
            sb.append(v);
        }
    }

    private static void object(final StringBuilder sb, final Map<?, ?> map) {
        sb.append('{');
        boolean first = true;
        for (final Map.Entry<?, ?> e : map.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            string(sb, String.valueOf(e.getKey()));
            sb.append(':');
            value(sb, e.getValue());
        }
        sb.append('}');
    }

    private static void array(final StringBuilder sb, final List<?> list) {
        sb.append('[');
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            value(sb, list.get(i));
        }
        sb.append(']');
    }

    /** @return {@code s} as a JSON string literal, quoted and escaped. */
    static String quote(final String s) {
        final StringBuilder sb = new StringBuilder(s.length() + 2);
        string(sb, s);
        return sb.toString();
    }

    private static void string(final StringBuilder sb, final String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
