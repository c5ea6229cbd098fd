package dev.baton.cli;

import dev.baton.analysis.Answer;
import dev.baton.analysis.Witness;

/**
 * An {@link Answer} as one JSON object, for {@code baton analyze --agent ... --format json}.
 * <p>
 * <b>Note:</b> stateless; thread-safe; allocates the string.
 */
final class AnswerJson {
    private AnswerJson() {
    }

    static String of(final Answer a) {
        final StringBuilder sb = new StringBuilder("{\"reachable\":").append(a.reachable());
        sb.append(",\"only_through_review\":").append(a.onlyThroughReview());
        sb.append(",\"witness\":").append(witness(a.witness()));
        sb.append(",\"witness_without_review\":").append(witness(a.reviewFreeWitness()));
        sb.append(",\"cut\":");
        if (a.cut() == null) {
            sb.append("null");
        } else {
            sb.append("{\"rules\":[");
            for (int i = 0; i < a.cut().rules().size(); i++) {
                sb.append(i > 0 ? "," : "").append(string(a.cut().rules().get(i)));
            }
            sb.append("],\"text\":").append(string(a.cut().describe())).append('}');
        }
        return sb.append('}').toString();
    }

    private static String witness(final Witness w) {
        return w == null ? "null" : string(w.describe());
    }

    private static String string(final String s) {
        final StringBuilder sb = new StringBuilder("\"");
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
        return sb.append('"').toString();
    }
}
