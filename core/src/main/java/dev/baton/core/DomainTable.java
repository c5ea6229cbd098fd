package dev.baton.core;

import dev.baton.policy.DomainRule;
import dev.baton.policy.ExternalLimit;
import dev.baton.policy.NameRef;
import dev.baton.policy.PolicyDocument;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * What may cross trust domains, as decision tables: the data classes that never leave their root's
 * domain (one bit each, with the rule naming each), and per declared domain its external limit. A
 * domain without a limit gets nothing ({@link #externalRule} -1).
 * <p>
 * <b>Note:</b> immutable and thread-safe once built.
 */
final class DomainTable {
    final long neverLeave;
    /** By data class: the {@code never_leave} rule naming it, or -1. */
    final int[] neverLeaveRule;
    final long[] externalCaps;
    final long[] externalData;
    final int[] externalRule;
    /** By domain: the lowest domain index of its trust zone (itself unless {@code domains.<d>.zone} joins it). */
    final int[] zone;
    /** By domain: whether its identities must prove possession of the portable warrants they present. */
    final boolean[] proofRequired;

    DomainTable(final PolicyDocument policy, final PolicyLayout layout, final RuleIds rules) {
        long leave = 0;
        neverLeaveRule = new int[64];
        Arrays.fill(neverLeaveRule, -1);
        for (final NameRef d : policy.neverLeave()) {
            final int bit = layout.dataIndex.get(d.name());
            leave |= 1L << bit;
            neverLeaveRule[bit] = rules.add("never_leave." + d.name(), d.at());
        }
        neverLeave = leave;
        final int domains = Math.max(1, policy.vocabulary().trustDomains().size());
        externalCaps = new long[domains * layout.words];
        externalData = new long[domains];
        externalRule = new int[domains];
        Arrays.fill(externalRule, -1);
        for (final ExternalLimit limit : policy.external()) {
            final int d = layout.domainIndex.get(limit.trustDomain().name());
            layout.capabilities(limit.limit(), externalCaps, d * layout.words);
            externalData[d] = layout.data(limit.limit());
            externalRule[d] = rules.add("external." + limit.trustDomain().name(), limit.trustDomain().at());
        }
        zone = new int[domains];
        for (int d = 0; d < domains; d++) {
            zone[d] = d;
        }
        final Map<String, Integer> firstOfZone = new HashMap<>();
        for (final DomainRule rule : policy.domains()) {
            if (rule.zone() != null) {
                final int d = layout.domainIndex.get(rule.trustDomain().name());
                final int first = firstOfZone.merge(rule.zone().name(), d, Math::min);
                zone[d] = first;
            }
        }
        proofRequired = new boolean[domains];
        for (final DomainRule rule : policy.domains()) {
            final int d = layout.domainIndex.get(rule.trustDomain().name());
            if (rule.zone() != null) {
                zone[d] = firstOfZone.get(rule.zone().name());
            }
            proofRequired[d] = rule.proofRequired();
        }
    }

    /** @return whether identities of domain {@code d} (-1: unknown) must prove possession of their warrants. */
    boolean proofRequired(final int d) {
        return d >= 0 && d < proofRequired.length && proofRequired[d];
    }

    /**
     * @param a a domain index, or -1 (unknown: nobody's own).
     * @param b a domain index, or -1.
     * @return whether both are known and in one trust zone (a domain is always in its own).
     */
    boolean sameZone(final int a, final int b) {
        return a >= 0 && b >= 0 && a < zone.length && b < zone.length && zone[a] == zone[b];
    }
}
