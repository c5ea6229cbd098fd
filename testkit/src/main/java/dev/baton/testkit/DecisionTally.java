package dev.baton.testkit;

import dev.baton.Decision;
import dev.baton.Outcome;
import dev.baton.Reason;
import dev.baton.core.CompiledPolicy;
import dev.baton.core.DecisionSlot;
import dev.baton.core.DecisionView;
import org.agrona.collections.Long2LongHashMap;

import java.util.ArrayList;
import java.util.List;

/**
 * Counts decisions by outcome, reason and deciding rule.
 * <p>
 * <b>Note:</b> not thread-safe; {@link #record(Decision)} allocates nothing once every
 * (outcome, reason, rule) seen has been seen once.
 */
public final class DecisionTally {
    private final Long2LongHashMap counts = new Long2LongHashMap(64, 0.65f, 0);
    private long total;

    /**
     * Counts one decision.
     *
     * @param decision a decision of a Baton engine's session.
     */
    public void record(final Decision decision) {
        // The rule's index is not on the public Decision (its name is): read it from the core's slot.
        if (!(decision instanceof DecisionView)) {
            throw new IllegalArgumentException("not a decision of a Baton engine: " + decision);
        }
        final DecisionSlot d = ((DecisionView) decision).slot();
        final long key = ((long) d.outcome().ordinal() << 48) | ((long) d.reason().code() << 32)
            | (d.rule() + 1L);
        counts.put(key, counts.get(key) + 1);
        total++;
    }

    /** @return decisions counted. */
    public long total() {
        return total;
    }

    /** @return decisions counted with this outcome. */
    public long count(final Outcome outcome) {
        long n = 0;
        for (final Row r : rows(null)) {
            n += r.outcome() == outcome ? r.count() : 0;
        }
        return n;
    }

    /**
     * One line of the tally.
     *
     * @param outcome outcome.
     * @param reason  reason.
     * @param rule    rule id, or {@link DecisionSlot#NONE}.
     * @param label   rule name and place, when a policy was given; else empty.
     * @param count   decisions.
     */
    public record Row(Outcome outcome, Reason reason, int rule, String label, long count) {
    }

    /** @return the rows, by outcome then count (largest first); labels from {@code policy} if given. */
    public List<Row> rows(final CompiledPolicy policy) {
        final List<Row> rows = new ArrayList<>();
        final Long2LongHashMap.KeyIterator keys = counts.keySet().iterator();
        while (keys.hasNext()) {
            final long key = keys.nextValue();
            final Outcome outcome = Outcome.values()[(int) (key >>> 48)];
            final Reason reason = Reason.fromCode((int) ((key >>> 32) & 0xFFFF));
            final int rule = (int) (key & 0xFFFFFFFFL) - 1;
            final String label = policy == null || rule < 0 ? ""
                : policy.ruleName(rule) + " (" + policy.ruleSource(rule) + ')';
            rows.add(new Row(outcome, reason, rule, label, counts.get(key)));
        }
        rows.sort((a, b) -> a.outcome() != b.outcome() ? a.outcome().compareTo(b.outcome())
            : Long.compare(b.count(), a.count()));
        return rows;
    }
}
