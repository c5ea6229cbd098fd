package dev.baton.core;

import dev.baton.UnknownNameException;
import dev.baton.policy.IdentityPattern;
import dev.baton.policy.PatternRef;
import dev.baton.policy.PolicyDocument;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The identity patterns of a compiled policy, and what they say about one identity string: which agent
 * class it is, which trust domain, what it may open, review or break, whether it administers. Used when
 * an identity is bound ({@link IdentityTable} caches the answers per interned id), never per decision.
 * <p>
 * <b>Note:</b> immutable and thread-safe once built; matching allocates nothing, the {@code require...}
 * failures allocate their exception.
 */
final class IdentityRules {
    private final String file;
    private final Map<String, Integer> domainIndex;
    private final IdentityPattern[] agents;
    private final IdentityPattern[][] openedBy;
    private final IdentityPattern[][] reviewers;
    private final IdentityPattern[][] breakGlassWho;
    private final IdentityPattern[][] reviewerClasses;
    private final IdentityPattern[] administrators;

    IdentityRules(final PolicyDocument policy, final Map<String, Integer> domainIndex) {
        this.file = policy.file();
        this.domainIndex = Map.copyOf(domainIndex);
        agents = new IdentityPattern[policy.agents().size()];
        for (int a = 0; a < agents.length; a++) {
            agents[a] = IdentityPattern.spiffe(policy.agents().get(a).identity().pattern());
        }
        openedBy = new IdentityPattern[policy.purposes().size()][];
        for (int p = 0; p < openedBy.length; p++) {
            openedBy[p] = principals(policy.purposes().get(p).openedBy());
        }
        reviewers = new IdentityPattern[policy.reviews().size()][];
        for (int r = 0; r < reviewers.length; r++) {
            reviewers[r] = principals(policy.reviews().get(r).reviewers());
        }
        reviewerClasses = new IdentityPattern[policy.reviewerClasses().size()][];
        for (int c = 0; c < reviewerClasses.length; c++) {
            reviewerClasses[c] = principals(policy.reviewerClasses().get(c).members());
        }
        breakGlassWho = new IdentityPattern[policy.breakGlass().size()][];
        for (int b = 0; b < breakGlassWho.length; b++) {
            breakGlassWho[b] = principals(policy.breakGlass().get(b).who());
        }
        administrators = new IdentityPattern[policy.administrators().size()];
        for (int i = 0; i < administrators.length; i++) {
            final String pattern = policy.administrators().get(i).pattern();
            administrators[i] = pattern.startsWith("spiffe:")
                ? IdentityPattern.spiffe(pattern) : IdentityPattern.principal(pattern);
        }
    }

    /** @return the trust domain agent class {@code a}'s identity pattern lies in. */
    String agentTrustDomain(final int a) {
        return agents[a].trustDomain();
    }

    /**
     * @return index of the first agent (file order) whose pattern matches, or -1 when none does (an
     *     identity that is no agent: every operation refuses it as an agent, {@code UNKNOWN_AGENT}).
     */
    int agentFor(final String identity) {
        for (int a = 0; a < agents.length; a++) {
            if (agents[a].matches(identity)) {
                return a;
            }
        }
        return -1;
    }

    /**
     * @return index of its trust domain among those declared, or -1 (not a SPIFFE ID, or undeclared);
     *     decisions treat -1 as foreign to every domain, including another -1.
     */
    int domainFor(final String identity) {
        final String domain = IdentityPattern.trustDomainOf(identity);
        return domain == null ? -1 : domainIndex.getOrDefault(domain, -1);
    }

    boolean mayOpen(final int purpose, final String principal) {
        return anyMatches(openedBy[purpose], principal);
    }

    boolean mayReview(final int review, final String principal) {
        return anyMatches(reviewers[review], principal);
    }

    /** @return the first reviewer class (file order) one of whose patterns matches, or -1 when none does. */
    int reviewerClass(final String principal) {
        for (int c = 0; c < reviewerClasses.length; c++) {
            if (anyMatches(reviewerClasses[c], principal)) {
                return c;
            }
        }
        return -1;
    }

    boolean mayBreakGlass(final int rule, final String principal) {
        return anyMatches(breakGlassWho[rule], principal);
    }

    boolean isAdministrator(final String identity) {
        return anyMatches(administrators, identity);
    }

    /** @throws UnknownNameException if {@code identity} matches no agent, naming the nearest agent pattern. */
    void requireAgentIdentity(final String identity) {
        if (agentFor(identity) < 0) {
            throw UnknownNameException.of("agent identity", identity, file, patternTexts(agents));
        }
    }

    /** @throws UnknownNameException if {@code identity} matches no review rule's reviewers. */
    void requireReviewer(final String identity) {
        final List<String> patterns = new ArrayList<>();
        for (int r = 0; r < reviewers.length; r++) {
            if (mayReview(r, identity)) {
                return;
            }
            patterns.addAll(patternTexts(reviewers[r]));
        }
        throw UnknownNameException.of("reviewer", identity, file, patterns);
    }

    /** @throws UnknownNameException if {@code identity} may open no purpose and break no glass. */
    void requirePrincipal(final String identity) {
        final List<String> patterns = new ArrayList<>();
        for (int p = 0; p < openedBy.length; p++) {
            if (mayOpen(p, identity)) {
                return;
            }
            patterns.addAll(patternTexts(openedBy[p]));
        }
        for (int b = 0; b < breakGlassWho.length; b++) {
            if (mayBreakGlass(b, identity)) {
                return;
            }
            patterns.addAll(patternTexts(breakGlassWho[b]));
        }
        throw UnknownNameException.of("principal", identity, file, patterns);
    }

    private static IdentityPattern[] principals(final List<PatternRef> refs) {
        final IdentityPattern[] out = new IdentityPattern[refs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = IdentityPattern.principal(refs.get(i).pattern());
        }
        return out;
    }

    private static List<String> patternTexts(final IdentityPattern[] patterns) {
        final List<String> out = new ArrayList<>(patterns.length);
        for (final IdentityPattern p : patterns) {
            out.add(p.pattern());
        }
        return out;
    }

    private static boolean anyMatches(final IdentityPattern[] patterns, final String identity) {
        for (final IdentityPattern p : patterns) {
            if (p.matches(identity)) {
                return true;
            }
        }
        return false;
    }
}
