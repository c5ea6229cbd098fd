package dev.baton.core;

import dev.baton.Capability;
import dev.baton.DataClass;
import dev.baton.Scope;
import dev.baton.UnknownNameException;

/**
 * Builds immutable scopes for one policy by name or by handle.
 * <p>
 * <b>Note:</b> not thread-safe; allocates (set-up time only).
 */
final class ScopeBuilder implements Scope.Builder {
    private final PolicyNames names;
    private ScopeBits bits;

    ScopeBuilder(final PolicyNames names) {
        this.names = names;
        this.bits = new ScopeBits(names.compiled());
    }

    @Override
    public Scope.Builder capability(final String tool, final String action) {
        if ("*".equals(action)) {
            bits.capability(tool, action); // an unknown tool throws UnknownNameException, with a suggestion
            return this;
        }
        return capability(names.capability(tool, action));
    }

    @Override
    public Scope.Builder capability(final Capability capability) {
        bits.capability(own(capability, "capability"));
        return this;
    }

    @Override
    public Scope.Builder data(final String name) {
        return data(names.dataClass(name));
    }

    @Override
    public Scope.Builder data(final DataClass dataClass) {
        if (dataClass == DataClass.NONE) {
            throw new IllegalArgumentException("DataClass.NONE is not a data class a scope can hold");
        }
        bits.data |= 1L << own(dataClass, "data class");
        return this;
    }

    @Override
    public Scope.Builder budget(final String budget, final String amount) {
        bits.slice(budget, amount);
        return this;
    }

    @Override
    public Scope.Builder constrain(final dev.baton.Argument argument, final String kind, final String... values) {
        final int a = own(argument, "argument");
        final ConstraintTable t = names.compiled().constraints;
        bits.constrain(a, RequestedConstraint.build(argument.name(), t.argumentType[a], kind, values));
        return this;
    }

    @Override
    public Scope.Builder constrain(final String tool, final String argument, final String kind, final String... values) {
        return constrain(names.argument(tool, argument), kind, values);
    }

    @Override
    public Scope build() {
        final CompiledPolicy c = names.compiled();
        for (int i = 0; i < bits.constraintCount; i++) {
            final String tool = c.constraints.argumentTool[bits.constrainedArguments[i]];
            boolean held = false;
            for (int cap = 0; cap < c.capabilityCount() && !held; cap++) {
                held = Bits.get(bits.capabilities, 0, cap) && c.toolOf(cap).equals(tool);
            }
            if (!held) {
                throw new IllegalArgumentException("constraint on tool '" + tool
                    + "', of which this scope grants no capability");
            }
        }
        final ScopeBits built = bits.freeze();
        bits = new ScopeBits(names.compiled());
        return built;
    }

    private int own(final Object handle, final String kind) {
        final int index = PolicyNames.rebind(handle, names.compiled());
        if (index < 0) {
            throw new UnknownNameException(kind, String.valueOf(handle), names.file(), null);
        }
        return index;
    }
}
