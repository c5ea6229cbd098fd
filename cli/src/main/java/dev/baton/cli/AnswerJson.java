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
                sb.append(i > 0 ? "," : "").append(Json.quote(a.cut().rules().get(i)));
            }
            sb.append("],\"text\":").append(Json.quote(a.cut().describe())).append('}');
        }
        return sb.append('}').toString();
    }

    private static String witness(final Witness w) {
        return w == null ? "null" : Json.quote(w.describe());
    }

}
