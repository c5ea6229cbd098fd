package dev.baton.analysis;

/**
 * The answer to "can this agent class ever hold this capability with this data class?".
 * <p>
 * <b>Note:</b> an immutable value; thread-safe.
 *
 * @param reachable         whether some chain gets it there.
 * @param witness           the shortest such chain, or null when unreachable.
 * @param reviewFreeWitness the shortest chain on which no step asks for review, or null when none.
 * @param cut               when unreachable, the rule that cuts every chain; else null.
 */
public record Answer(boolean reachable, Witness witness, Witness reviewFreeWitness, Cut cut) {
    /** @return whether every chain that gets it there passes a review. */
    public boolean onlyThroughReview() {
        return reachable && reviewFreeWitness == null;
    }

    /** @return one or two lines for a terminal (allocates). */
    public String describe() {
        if (!reachable) {
            return "unreachable: " + cut.describe();
        }
        final StringBuilder sb = new StringBuilder("reachable: ").append(witness.describe());
        if (reviewFreeWitness == null) {
            sb.append("\n  only through review");
        } else if (reviewFreeWitness != witness && !reviewFreeWitness.equals(witness)) {
            sb.append("\n  without review: ").append(reviewFreeWitness.describe());
        }
        return sb.toString();
    }
}
