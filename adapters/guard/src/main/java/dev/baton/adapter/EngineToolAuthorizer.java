package dev.baton.adapter;

import dev.baton.Agent;
import dev.baton.Capability;
import dev.baton.DataClass;
import dev.baton.DecisionSession;
import dev.baton.DelegationEngine;
import dev.baton.GrantRef;
import dev.baton.Policy;
import dev.baton.UnknownNameException;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * Authorizes tool calls through a {@link DelegationEngine}: each call becomes one
 * {@link DecisionSession#authorize} on the presented grant, so it is checked against the current policy,
 * revocations and expiry, and (on a journaled engine) journaled with the input's digest.
 * <p>
 * The tool mapping is bound to the engine's policy when this is built, so a misspelled capability or data
 * class fails here, at start, and never becomes a refusal at run time.
 * <p>
 * <b>Note:</b> thread-safe. Sessions are kept in a bounded pool and lent to one call at a time (a session
 * is single-threaded); in steady state a call allocates only its {@link ToolVerdict}.
 */
public final class EngineToolAuthorizer implements ToolCallAuthorizer {
    private static final int POOL = 16;

    private final DelegationEngine engine;
    private final Map<String, BoundTool> tools;
    private final ArrayBlockingQueue<Lease> leases = new ArrayBlockingQueue<>(POOL);

    /**
     * @param engine  the engine that issued the grants presented.
     * @param mapping the declared tool mapping.
     * @throws UnknownNameException if the mapping names a capability or data class the policy lacks.
     */
    public EngineToolAuthorizer(final DelegationEngine engine, final ToolMapping mapping) {
        this.engine = Objects.requireNonNull(engine, "engine");
        final Policy policy = engine.policy();
        final Map<String, BoundTool> bound = new HashMap<>();
        for (final String name : mapping.toolNames()) {
            final ToolBinding b = mapping.binding(name).orElseThrow();
            bound.put(name, new BoundTool(policy.capability(b.tool(), b.action()),
                b.dataClass().map(policy::dataClass).orElse(DataClass.NONE), b.justificationArgument().orElse(null)));
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
        final Agent holder;
        try {
            holder = engine.agent(presented.holder());
        } catch (final UnknownNameException e) {
            return ToolVerdict.refused(GuardCode.UNKNOWN_AGENT, presented.holder());
        }
        final Lease lease = borrow();
        try {
            return ToolVerdict.of(lease.session.authorize(presented.fill(lease.grant), holder, tool.capability,
                tool.dataClass, tool.justification(call.arguments()), call.inputDigest()));
        } finally {
            release(lease);
        }
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
    private record BoundTool(Capability capability, DataClass dataClass, String justificationArgument) {
        CharSequence justification(final Map<String, ?> arguments) {
            if (justificationArgument == null) {
                return null;
            }
            final Object v = arguments.get(justificationArgument);
            return v == null ? null : v.toString();
        }
    }

    /** A session and the reference it fills, lent to one call at a time. */
    private static final class Lease {
        final DecisionSession session;
        final GrantRef grant = new GrantRef();

        Lease(final DecisionSession session) {
            this.session = session;
        }
    }
}
