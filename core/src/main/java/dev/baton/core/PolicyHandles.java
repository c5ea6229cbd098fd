package dev.baton.core;

import dev.baton.Argument;
import dev.baton.BreakGlassRule;
import dev.baton.Capability;
import dev.baton.DataClass;
import dev.baton.Purpose;

/**
 * The typed handles of one compiled policy's names, and the one handle that means "no data class".
 * Each handle carries its index in the policy that bound it; an engine deciding under another policy
 * version re-binds it by name (see {@link PolicyNames#rebind}).
 * <p>
 * <b>Note:</b> handles are immutable and thread-safe.
 */
public final class PolicyHandles {
    /** {@link DataClass#NONE}: the only "no data class" value; no look-up ever returns it. */
    public static final DataClass NO_DATA = new DataClassHandle(null, -1, "none");

    private PolicyHandles() {
    }

    /** A handle bound to one policy: its owner and its index there. */
    abstract static class Handle {
        final CompiledPolicy policy;
        final int index;
        final String name;

        Handle(final CompiledPolicy policy, final int index, final String name) {
            this.policy = policy;
            this.index = index;
            this.name = name;
        }

        /** @return the policy that bound it (null for {@link #NO_DATA}). */
        public final CompiledPolicy policy() {
            return policy;
        }

        /** @return its index in {@link #policy()}. */
        public final int index() {
            return index;
        }

        /** @return its name in the policy. */
        public final String name() {
            return name;
        }

        @Override
        public final String toString() {
            return name;
        }
    }

    /** A declared tool argument of one policy; its name is {@code tool(argument)}. */
    public static final class ArgumentHandle extends Handle implements Argument {
        private final String tool;
        private final String argument;

        ArgumentHandle(final CompiledPolicy policy, final int index, final String tool, final String argument) {
            // Interned, so that ToolArguments tells the same argument from two policy versions by identity.
            super(policy, index, (tool + '(' + argument + ')').intern());
            this.tool = tool;
            this.argument = argument;
        }

        @Override
        public String tool() {
            return tool;
        }

        @Override
        public String argument() {
            return argument;
        }

        @Override
        public dev.baton.constraint.ArgumentType type() {
            return policy.constraints.argumentType[index];
        }
    }

    /** A purpose of one policy. */
    public static final class PurposeHandle extends Handle implements Purpose {
        PurposeHandle(final CompiledPolicy policy, final int index, final String name) {
            super(policy, index, name);
        }
    }

    /** A capability of one policy. */
    public static final class CapabilityHandle extends Handle implements Capability {
        CapabilityHandle(final CompiledPolicy policy, final int index, final String name) {
            super(policy, index, name);
        }

        @Override
        public String tool() {
            return policy.toolOf(index);
        }

        @Override
        public String action() {
            return policy.actionOf(index);
        }
    }

    /** A data class of one policy, or {@link #NO_DATA}. */
    public static final class DataClassHandle extends Handle implements DataClass {
        DataClassHandle(final CompiledPolicy policy, final int index, final String name) {
            super(policy, index, name);
        }
    }

    /** A break-glass rule of one policy. */
    public static final class BreakGlassHandle extends Handle implements BreakGlassRule {
        BreakGlassHandle(final CompiledPolicy policy, final int index, final String name) {
            super(policy, index, name);
        }
    }
}
