package dev.baton.testkit;

import dev.baton.Agent;
import dev.baton.BreakGlassRule;
import dev.baton.Capability;
import dev.baton.DataClass;
import dev.baton.Identity;
import dev.baton.Principal;
import dev.baton.Purpose;
import dev.baton.Scope;

import java.util.List;

/**
 * A {@link Step} with every name bound to a handle by a {@link StepBinder}: what a runner needs to take
 * the step's decisions with no string work. Grants are named by their slot in the binder
 * ({@code 0..grants-1}); -1 means none. A null presenter means the grant's holder presents it.
 * <p>
 * <b>Note:</b> immutable and thread-safe.
 */
public sealed interface BoundStep {
    /** @return the step as written (its place and expectation). */
    Step step();

    /**
     * What a root grant asks for.
     *
     * @param principal who starts the task.
     * @param purpose   the purpose.
     * @param agent     the first agent.
     * @param scope     the scope.
     */
    record Root(Principal principal, Purpose purpose, Agent agent, Scope scope) {
    }

    /** {@code open}: {@code as} is the slot of the grant it creates, or -1. */
    record Open(Step step, int as, Root root) implements BoundStep {
    }

    /** {@code delegate}, or one child of a fan-out ({@code from} is then -1: the fan-out names it). */
    record Delegate(Step step, int as, int from, Agent presenter, Agent to, Scope scope) implements BoundStep {
    }

    /** {@code fan_out}: the children, decided at one instant. */
    record FanOut(Step step, int from, List<Delegate> children) implements BoundStep {
    }

    /** {@code authorize}. */
    record Authorize(Step step, int grant, Agent presenter, Capability capability, DataClass data,
                     String justification, dev.baton.ToolArguments arguments) implements BoundStep {
    }

    /** {@code revoke} ({@code close} false) or {@code close}. */
    record Revoke(Step step, int grant, Identity by, boolean close) implements BoundStep {
    }

    /** {@code review}. */
    record Review(Step step, int grant, Principal reviewer, boolean approve) implements BoundStep {
    }

    /** {@code break_glass}. */
    record BreakGlass(Step step, int as, Root root, BreakGlassRule rule, String reason, long ttlMillis)
        implements BoundStep {
    }

    /** {@code swap}: the engine swaps to {@code policy}, loaded when the step was bound. */
    record Swap(Step step, dev.baton.Policy policy) implements BoundStep {
    }

    /** {@code advance}: the clock moves. */
    record Advance(Step step, long millis) implements BoundStep {
    }
}
