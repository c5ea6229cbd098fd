package dev.baton.adapter;

import dev.baton.Agent;
import dev.baton.Capability;
import dev.baton.DataClass;
import dev.baton.Decision;
import dev.baton.DecisionSession;
import dev.baton.DelegationEngine;
import dev.baton.GrantRef;
import dev.baton.Policy;
import dev.baton.Reason;
import dev.baton.ToolArguments;
import dev.baton.UnknownNameException;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Authorizes tool calls through a {@link DelegationEngine}: each call becomes one
 * {@link DecisionSession#authorize} on the presented grant, so it is checked against the current policy,
 * revocations and expiry, and (on a journaled engine) journaled with the input's digest.
 * <p>
 * The tool mapping is bound to the engine's policy when this is built, so a misspelled capability, data
 * class or argument fails here, at start, and never becomes a refusal at run time.
 * <p>
 * The arguments a {@link ToolBinding} declares are read from the call, typed as the policy declares them,
 * and passed to the engine in a reused {@link ToolArguments}, so the policy's argument constraints decide
 * too. A declared argument the call lacks, or carries with the wrong type, is refused here
 * ({@link GuardCode#ARGUMENT_INVALID}, naming it) without asking the engine. Both engines check the
 * constraints (the journaled one journals the arguments before the decision).
 * <p>
 * Presenters' identities are bound to engine handles once and kept (binding a name costs about a microsecond
 * and allocates); a handle the engine has since reclaimed is refused as {@code UNKNOWN_AGENT}, and then bound
 * again and the call decided once more.
 * <p>
 * <b>Note:</b> thread-safe. Sessions are kept in a bounded pool and lent to one call at a time (a session
 * is single-threaded); in steady state a call allocates only its {@link ToolVerdict}.
 */
public final class EngineToolAuthorizer implements ToolCallAuthorizer {
    private static final int POOL = 16;
    private static final int MAX_HOLDERS = 4096;

    private final DelegationEngine engine;
    private final Map<String, BoundTool> tools;
    private final ArrayBlockingQueue<Lease> leases = new ArrayBlockingQueue<>(POOL);
    private final ConcurrentHashMap<String, Agent> holders = new ConcurrentHashMap<>();

    /**
     * @param engine  the engine that issued the grants presented.
     * @param mapping the declared tool mapping.
     * @throws UnknownNameException     if the mapping names a capability, data class or argument the policy lacks.
     * @throws IllegalArgumentException if a binding maps two arguments to one, or more than a call carries.
     */
    public EngineToolAuthorizer(final DelegationEngine engine, final ToolMapping mapping) {
        this.engine = Objects.requireNonNull(engine, "engine");
        final Policy policy = engine.policy();
        final Map<String, BoundTool> bound = new HashMap<>();
        for (final String name : mapping.toolNames()) {
            final ToolBinding b = mapping.binding(name).orElseThrow();
            bound.put(name, new BoundTool(policy.capability(b.tool(), b.action()),
                b.dataClass().map(policy::dataClass).orElse(DataClass.NONE), b.justificationArgument().orElse(null),
                ArgumentBinder.of(policy, b)));
        }
        this.tools = Map.copyOf(bound);
    }

    @Override
    public ToolVerdict authorize(final ToolCall call) {
        final BoundTool tool = tools.get(call.toolName());
        if (tool == null) {
            return ToolVerdict.refused(GuardCode.UNMAPPED_TOOL, "'" + call.toolName() + "'");
        }
        final PresentedWarrant presented = call.presented();
        if (presented == null) {
            return ToolVerdict.refused(GuardCode.NO_WARRANT, null);
        }
        final Agent cached = holders.get(presented.holder());
        try {
            final Agent holder = cached != null ? cached : bind(presented.holder());
            final ToolVerdict verdict = decide(tool, call, presented, holder);
            if (cached == null || !Reason.UNKNOWN_AGENT.name().equals(verdict.code())) {
                return verdict;
            }
            return decide(tool, call, presented, bind(presented.holder())); // the cached handle was reclaimed
        } catch (final UnknownNameException e) {
            return ToolVerdict.refused(GuardCode.UNKNOWN_AGENT, presented.holder());
        }
    }

    private ToolVerdict decide(final BoundTool tool, final ToolCall call, final PresentedWarrant presented,
                               final Agent holder) {
        final Lease lease = borrow();
        try {
            final ToolVerdict invalid = tool.arguments.fill(call.arguments(), lease.arguments);
            if (invalid != null) {
                return invalid;
            }
            final Decision d = lease.session.authorize(presented.fill(lease.grant), holder, tool.capability,
                tool.dataClass, tool.justification(call.arguments()), call.inputDigest(), lease.arguments);
            return ToolVerdict.of(d);
        } finally {
            release(lease);
        }
    }

    private Agent bind(final String identity) {
        final Agent agent = engine.agent(identity); // throws for an identity that matches no agent: never cached
        if (holders.size() >= MAX_HOLDERS) {
            holders.clear(); // bounded: a fleet of ephemeral workers must not grow it without end
        }
        holders.put(identity, agent);
        return agent;
    }

    private Lease borrow() {
        final Lease lease = leases.poll();
        return lease != null ? lease : new Lease(engine.session());
    }

    private void release(final Lease lease) {
        if (!leases.offer(lease)) {
            lease.session.close();
        }
    }

    /** The handles of one mapped tool. */
    private record BoundTool(Capability capability, DataClass dataClass, String justificationArgument,
                             ArgumentBinder arguments) {
        CharSequence justification(final Map<String, ?> arguments) {
            if (justificationArgument == null) {
                return null;
            }
            final Object v = arguments.get(justificationArgument);
            return v == null ? null : v.toString();
        }
    }

    /** A session, the reference and the arguments it fills, lent to one call at a time. */
    private static final class Lease {
        final DecisionSession session;
        final GrantRef grant = new GrantRef();
        final ToolArguments arguments = new ToolArguments();

        Lease(final DecisionSession session) {
            this.session = session;
        }
    }
}
