package dev.baton.cli.demo;

import dev.baton.core.CompiledPolicy;
import dev.baton.core.DecisionSlot;
import dev.baton.Outcome;
import dev.baton.Reason;

import java.util.ArrayList;
import java.util.List;

/**
 * Decisions counted by outcome, reason and deciding rule, in a flat array (no map, no allocation).
 * <p>
 * <b>Note:</b> not thread-safe: one per producer, {@linkplain #add(Outcomes) added} at the end.
 */
final class Outcomes {
    private static final Outcome[] OUTCOMES = Outcome.values();
    private static final Reason[] REASONS = Reason.values();

    private final int rules;
    private final long[] counts;
    private long total;

    /** @param rules the policy's rule count. */
    Outcomes(final int rules) {
        this.rules = rules + 1;
        this.counts = new long[OUTCOMES.length * REASONS.length * this.rules];
    }

    /** Counts one decision. */
    void record(final DecisionSlot d) {
        counts[(d.outcome().ordinal() * REASONS.length + d.reason().ordinal()) * rules + d.rule() + 1]++;
        total++;
    }

    /** Adds {@code other}'s counts to these. */
    void add(final Outcomes other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
    }

    /** @return decisions counted. */
    long total() {
        return total;
    }

    /** @return decisions counted with this outcome and reason (any rule). */
    long count(final Outcome outcome, final Reason reason) {
        long n = 0;
        final int base = (outcome.ordinal() * REASONS.length + reason.ordinal()) * rules;
        for (int r = 0; r < rules; r++) {
            n += counts[base + r];
        }
        return n;
    }

    /**
     * One line of the tally.
     *
     * @param outcome outcome.
     * @param reason  reason.
     * @param label   the deciding rule's name and place, or empty.
     * @param count   decisions.
     */
    record Row(Outcome outcome, Reason reason, String label, long count) {
    }

    /** @return the rows by outcome, then count (largest first). */
    List<Row> rows(final CompiledPolicy policy) {
        final List<Row> rows = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                continue;
            }
            final int rule = i % rules - 1;
            final int or = i / rules;
            final String label = rule < 0 ? "" : policy.ruleName(rule) + " (" + policy.ruleSource(rule) + ')';
            rows.add(new Row(OUTCOMES[or / REASONS.length], REASONS[or % REASONS.length], label, counts[i]));
        }
        rows.sort((a, b) -> a.outcome() != b.outcome() ? a.outcome().compareTo(b.outcome())
            : Long.compare(b.count(), a.count()));
        return rows;
    }
}
