package dev.baton.analysis;

import dev.baton.Agent;
import dev.baton.BreakGlassRule;
import dev.baton.Capability;
import dev.baton.DataClass;
import dev.baton.Decision;
import dev.baton.DecisionSession;
import dev.baton.DelegationEngine;
import dev.baton.GrantRef;
import dev.baton.Outcome;
import dev.baton.Policy;
import dev.baton.Principal;
import dev.baton.Purpose;
import dev.baton.Scope;
import dev.baton.core.CompiledPolicy;

import java.time.Instant;
import java.time.InstantSource;
import java.util.function.IntFunction;

/**
 * Runs chains through the real decision core (public API: an in-memory {@link DelegationEngine} and its
 * {@link DecisionSession}), each step asking for exactly one capability and one data class, approving
 * every REVIEW with a reviewer.
 */
final class EngineChains implements AutoCloseable {
    final Policy policy;
    final CompiledPolicy compiled;
    final DelegationEngine engine;
    final DecisionSession session;
    final Agent[] agents;
    final Principal principal;
    final Principal oncall;
    private final String reviewerName;
    private Principal reviewer;

    /** Where every chain's clock stands. */
    static final Instant NOW = Instant.parse("2027-01-15T08:00:00Z");

    /** The result of one step: the grant it made (0 if refused), whether it passed a review, its expiry. */
    record Step(long grant, boolean reviewed, long expiry) {
        boolean allowed() {
            return grant != 0;
        }
    }

    EngineChains(final Policy policy, final IntFunction<String> identity, final String principal, final String oncall,
                 final String reviewer) {
        this.policy = policy;
        this.compiled = PolicyAnalysis.of(policy).policy();
        this.engine = DelegationEngine.inMemory(policy, InstantSource.fixed(NOW), null);
        this.session = engine.session();
        agents = new Agent[compiled.agentCount()];
        for (int a = 0; a < agents.length; a++) {
            agents[a] = engine.agent(identity.apply(a));
        }
        this.principal = engine.principal(principal);
        this.oncall = oncall == null ? null : engine.principal(oncall);
        this.reviewerName = reviewer;
    }

    Scope scope(final int c, final int x) {
        final Scope.Builder b = policy.scope();
        if (c >= 0) {
            b.capability(capability(c));
        }
        if (x >= 0) {
            b.data(dataClass(x));
        }
        return b.build();
    }

    Capability capability(final int c) {
        return policy.capability(compiled.toolOf(c), compiled.actionOf(c));
    }

    DataClass dataClass(final int x) {
        return x < 0 ? DataClass.NONE : policy.dataClass(compiled.dataClassName(x));
    }

    Purpose purpose(final int p) {
        return policy.purpose(compiled.purposeName(p));
    }

    Step open(final int p, final int a, final int c, final int x) {
        return settle(session.open(principal, purpose(p), agents[a], scope(c, x)));
    }

    Step breakGlass(final int rule, final int p, final int a, final int c, final int x) {
        final BreakGlassRule r = policy.breakGlassRule(compiled.breakGlassName(rule));
        return settle(session.breakGlass(oncall, r, agents[a], purpose(p), scope(c, x), "incident", 0));
    }

    Step delegate(final long parent, final int holder, final int to, final int c, final int x) {
        return settle(session.delegate(GrantRef.ofId(parent), agents[holder], agents[to], scope(c, x)));
    }

    boolean authorize(final long grant, final int holder, final int c, final int x) {
        return session.authorize(GrantRef.ofId(grant), agents[holder], capability(c), dataClass(x), "why", null)
            .allowed();
    }

    /** Replays a witness; returns the last grant's step, or a refused step. */
    Step replay(final Witness w) {
        final int c = w.capability() == null ? -1 : compiled.capability(w.capability().split(":")[0],
            w.capability().split(":")[1]);
        final int x = w.dataClass() == null ? -1 : compiled.dataClass(w.dataClass());
        final Source s = w.source();
        final int root = w.hops().get(0).agentIndex();
        Step step = s.breakGlass() ? breakGlass(s.glassRule(), s.purpose(), root, c, x) : open(s.purpose(), root, c, x);
        boolean reviewed = step.reviewed();
        for (int i = 1; i < w.hops().size() && step.allowed(); i++) {
            step = delegate(step.grant(), w.hops().get(i - 1).agentIndex(), w.hops().get(i).agentIndex(), c, x);
            reviewed |= step.reviewed();
        }
        if (step.allowed() && c >= 0 && !authorize(step.grant(), w.hops().get(w.hops().size() - 1).agentIndex(), c, x)) {
            return new Step(0, reviewed, 0);
        }
        return new Step(step.grant(), reviewed, step.expiry());
    }

    private Step settle(final Decision d) {
        if (d.outcome() == Outcome.ALLOW) {
            return new Step(d.grantId(), false, d.expiry());
        }
        if (d.outcome() == Outcome.REVIEW) {
            final long pending = d.grantId();
            if (reviewer == null) {
                reviewer = engine.principal(reviewerName);
            }
            final Decision r = session.review(GrantRef.ofId(pending), reviewer, true);
            return new Step(r.allowed() ? pending : 0, true, r.expiry());
        }
        return new Step(0, false, 0);
    }

    @Override
    public void close() {
        session.close();
        engine.close();
    }
}
