package dev.baton.analysis;

import java.util.List;

/**
 * The little JSON the analysis reports need: strings escaped per RFC 8259 (quotation mark, reverse
 * solidus, control characters), string lists. The analysis depends on the core only, so it does not
 * reuse the audit module's writer.
 * <p>
 * <b>Note:</b> stateless; thread-safe; appends to the caller's builder.
 */
final class Json {
    private Json() {
    }

    static StringBuilder string(final StringBuilder sb, final String s) {
        if (s == null) {
            return sb.append("null");
        }
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            final char ch = s.charAt(i);
            if (ch == '"' || ch == '\\') {
                sb.append('\\').append(ch);
            } else if (ch < 0x20) {
                sb.append(String.format("\\u%04x", (int) ch));
            } else {
                sb.append(ch);
            }
        }
        return sb.append('"');
    }

    static StringBuilder strings(final StringBuilder sb, final List<String> list) {
        sb.append('[');
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            string(sb, list.get(i));
        }
        return sb.append(']');
    }

    static StringBuilder field(final StringBuilder sb, final String name) {
        return string(sb, name).append(':');
    }

    /** A witness as a JSON object (null when {@code w} is null). */
    static StringBuilder witness(final StringBuilder sb, final Witness w) {
        if (w == null) {
            return sb.append("null");
        }
        sb.append('{');
        field(sb, "purpose");
        string(sb, w.purpose()).append(',');
        field(sb, "break_glass");
        string(sb, w.glassRule()).append(',');
        field(sb, "capability");
        string(sb, w.capability()).append(',');
        field(sb, "data");
        string(sb, w.dataClass()).append(',');
        field(sb, "chain").append('[');
        for (int i = 0; i < w.hops().size(); i++) {
            final Witness.Hop h = w.hops().get(i);
            sb.append(i > 0 ? "," : "").append('{');
            field(sb, "agent");
            string(sb, h.agent()).append(",\"depth\":").append(h.depth()).append(",\"review\":").append(h.reviewed())
                .append(",\"other_domain\":").append(h.crossesDomain()).append('}');
        }
        sb.append("],");
        field(sb, "text");
        return string(sb, w.describe()).append('}');
    }
}
