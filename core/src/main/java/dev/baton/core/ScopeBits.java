package dev.baton.core;

import dev.baton.UnknownNameException;
import java.util.Arrays;

/**
 * A set of capabilities plus a set of data classes, as two bitsets laid out for one
 * {@link CompiledPolicy}. Requests carry a {@code ScopeBits}; build it once (by name, which does string
 * work) and reuse it on the hot path.
 * <p>
 * <b>Note:</b> mutable and not thread-safe; the bitset methods allocate nothing.
 */
public final class ScopeBits implements dev.baton.Scope {
    private final CompiledPolicy policy;
    final long[] capabilities;
    long data;
    /** Budget slices asked for: bit b of {@link #sliceMask} set when {@link #slices}[b] holds one. */
    final long[] slices = new long[BudgetTable.MAX_BUDGETS];
    int sliceMask;
    /** Argument constraints asked for ({@link #constrain}): argument indexes and constraints, in request order. */
    final int[] constrainedArguments = new int[dev.baton.codec.ConstraintsLayout.MAX_ENTRIES];
    final dev.baton.constraint.Constraint[] requestedConstraints =
        new dev.baton.constraint.Constraint[dev.baton.codec.ConstraintsLayout.MAX_ENTRIES];
    int constraintCount;
    private boolean frozen;

    /**
     * An empty scope laid out for {@code policy}.
     *
     * @param policy whose capability and data-class indices this scope uses.
     */
    public ScopeBits(final CompiledPolicy policy) {
        this.policy = policy;
        this.capabilities = new long[policy.words];
    }

    /** @return the policy this scope is laid out for. */
    public CompiledPolicy policy() {
        return policy;
    }

    /**
     * Adds a capability by name.
     *
     * @param tool   a declared tool.
     * @param action an action the tool offers, or {@code *} for all of them.
     * @return this.
     * @throws UnknownNameException if the policy has no such capability (or, for {@code *}, no such tool).
     */
    public ScopeBits capability(final String tool, final String action) {
        mutable();
        if ("*".equals(action)) {
            if (!policy.hasTool(tool)) {
                throw policy.unknownTool(tool);
            }
            for (int c = 0; c < policy.capabilityCount(); c++) {
                if (policy.toolOf(c).equals(tool)) {
                    Bits.set(capabilities, 0, c);
                }
            }
            return this;
        }
        return capability(policy.capability(tool, action));
    }

    /**
     * Adds a capability by index.
     *
     * @param capability index from {@link CompiledPolicy#capability(String, String)}.
     * @return this.
     */
    public ScopeBits capability(final int capability) {
        mutable();
        if (capability < 0 || capability >= policy.capabilityCount()) {
            throw new IllegalArgumentException("capability index " + capability + " out of range 0.."
                + (policy.capabilityCount() - 1));
        }
        Bits.set(capabilities, 0, capability);
        return this;
    }

    /**
     * Adds a data class by name.
     *
     * @param name a declared data class.
     * @return this.
     * @throws UnknownNameException if the policy has no such data class.
     */
    public ScopeBits data(final String name) {
        mutable();
        data |= 1L << policy.dataClass(name);
        return this;
    }

    /** Adds every capability and data class of the policy. */
    public ScopeBits all() {
        mutable();
        for (int c = 0; c < policy.capabilityCount(); c++) {
            Bits.set(capabilities, 0, c);
        }
        data = policy.allData;
        return this;
    }

    /** Removes everything. */
    public ScopeBits clear() {
        mutable();
        Arrays.fill(capabilities, 0L);
        data = 0;
        sliceMask = 0;
        constraintCount = 0;
        return this;
    }

    /**
     * Asks for a constraint of the child's own on a declared argument, narrower than (or equal to) every
     * constraint the child would otherwise be held to; the granted child and all its descendants are then
     * held to it. One constraint per argument.
     *
     * @param argument   an argument index of this scope's policy (declaration order).
     * @param constraint a constraint of the argument's type (a number constraint on an integer or decimal).
     * @return this.
     * @throws IllegalArgumentException if the index names no argument, the constraint is of the other type,
     *     the argument is already constrained, or more than {@code ConstraintsLayout.MAX_ENTRIES} are asked.
     */
    public ScopeBits constrain(final int argument, final dev.baton.constraint.Constraint constraint) {
        mutable();
        final ConstraintTable t = policy.constraints;
        if (argument < 0 || argument >= t.argumentCount || constraint == null
            || constraint.numeric() != t.argumentType[argument].numeric()) {
            throw new IllegalArgumentException("argument " + argument + " (of " + t.argumentCount + ") constraint "
                + constraint + ": a declared argument and a constraint of its type");
        }
        for (int i = 0; i < constraintCount; i++) {
            if (constrainedArguments[i] == argument) {
                throw new IllegalArgumentException("argument " + t.argumentTool[argument] + '(' + t.argumentName[argument]
                    + ") is constrained twice in one scope");
            }
        }
        if (constraintCount == constrainedArguments.length) {
            throw new IllegalArgumentException("a scope asks for at most " + constrainedArguments.length + " constraints");
        }
        constrainedArguments[constraintCount] = argument;
        requestedConstraints[constraintCount++] = constraint;
        return this;
    }

    /**
     * Asks for the constraint of entry {@code e} of a constraint list (as a journal record carries a request's),
     * read under this scope's policy.
     *
     * @param list a validated constraint list.
     * @param e    its entry.
     * @return this.
     * @throws IllegalArgumentException if the entry does not read under this policy, or as {@link #constrain(int,
     *     dev.baton.constraint.Constraint)}.
     */
    public ScopeBits constrain(final dev.baton.codec.ConstraintsDecoder list, final int e) {
        return constrain(list.argument(e), RequestedConstraints.read(policy, list, e));
    }

    /** @return how many argument constraints this scope asks for. */
    public int constraintCount() {
        return constraintCount;
    }

    /** @return the argument index of requested constraint {@code i} (0..{@link #constraintCount()}-1). */
    public int constrainedArgument(final int i) {
        return constrainedArguments[i];
    }

    /** @return requested constraint {@code i}. */
    public dev.baton.constraint.Constraint requestedConstraint(final int i) {
        return requestedConstraints[i];
    }

    /**
     * Asks for a slice of a budget (for a delegation; for an {@code open}, less than the task's total).
     *
     * @param budget a budget index of this scope's policy.
     * @param amount the slice, at the budget's scale, at least 0.
     * @return this.
     */
    public ScopeBits slice(final int budget, final long amount) {
        mutable();
        if (budget < 0 || budget >= policy.budgets.count || amount < 0) {
            throw new IllegalArgumentException("budget " + budget + " (of " + policy.budgets.count + ") amount " + amount
                + ": a declared budget and an amount of at least 0");
        }
        slices[budget] = amount;
        sliceMask |= 1 << budget;
        return this;
    }

    /**
     * Asks for a slice of a budget by name, its amount written as in the policy ({@code "250.00"}).
     *
     * @return this.
     * @throws UnknownNameException if the policy declares no such budget.
     * @throws IllegalArgumentException if the amount is not a number of the budget's type, or is negative.
     */
    public ScopeBits slice(final String budget, final String amount) {
        final int b = policy.budgets.indexOf(budget);
        if (b < 0) {
            throw new UnknownNameException("budget", budget, policy.file(), null);
        }
        return slice(b, policy.budgets.type[b].parseNumber(amount));
    }

    /** @return the budgets this scope asks a slice of, as a mask of budget indices. */
    public int sliceMask() {
        return sliceMask;
    }

    /** @return the slice of budget {@code b} asked for (meaningful when its bit is in {@link #sliceMask()}). */
    public long slice(final int b) {
        return slices[b];
    }

    /**
     * Sets the scope from raw bitset words (as carried by a warrant or a journal record).
     *
     * @param words capability words, 64 capabilities each.
     * @param count words to take; the rest are cleared.
     * @param data  data-class bitset.
     * @return this.
     * @throws IllegalArgumentException if {@code count} exceeds this policy's words or a bit names no
     *     capability or data class of the policy.
     */
    public ScopeBits load(final long[] words, final int count, final long data) {
        mutable();
        if (count < 0 || count > capabilities.length) {
            throw new IllegalArgumentException("count=" + count + " words=" + capabilities.length);
        }
        final int lastBits = policy.capabilityCount() & 63;
        for (int i = 0; i < capabilities.length; i++) {
            final long w = i < count ? words[i] : 0;
            if (i == capabilities.length - 1 && lastBits != 0 && (w >>> lastBits) != 0) {
                throw new IllegalArgumentException("capability bit beyond " + policy.capabilityCount());
            }
            capabilities[i] = w;
        }
        if ((data & ~policy.allData) != 0) {
            throw new IllegalArgumentException("data-class bit beyond " + policy.dataClassCount());
        }
        this.data = data;
        this.sliceMask = 0;
        this.constraintCount = 0;
        return this;
    }

    /** Makes this scope a copy of {@code other} (same policy). */
    public ScopeBits copyFrom(final ScopeBits other) {
        mutable();
        System.arraycopy(other.capabilities, 0, capabilities, 0, capabilities.length);
        data = other.data;
        sliceMask = other.sliceMask;
        System.arraycopy(other.slices, 0, slices, 0, slices.length);
        constraintCount = other.constraintCount;
        System.arraycopy(other.constrainedArguments, 0, constrainedArguments, 0, constraintCount);
        System.arraycopy(other.requestedConstraints, 0, requestedConstraints, 0, constraintCount);
        return this;
    }

    /**
     * @return whether the capability with this index is in the scope.
     * @throws IllegalArgumentException if the index names no capability of the policy.
     */
    public boolean hasCapability(final int capability) {
        if (capability < 0 || capability >= policy.capabilityCount()) {
            throw new IllegalArgumentException("capability index " + capability + " out of range 0.."
                + (policy.capabilityCount() - 1));
        }
        return Bits.get(capabilities, 0, capability);
    }

    /**
     * @return whether the data class with this index is in the scope.
     * @throws IllegalArgumentException if the index names no data class of the policy (a shift by a
     *     negative index would silently test another bit).
     */
    public boolean hasData(final int dataClass) {
        if (dataClass < 0 || dataClass >= policy.dataClassCount()) {
            throw new IllegalArgumentException("data-class index " + dataClass + " out of range 0.."
                + (policy.dataClassCount() - 1));
        }
        return (data & (1L << dataClass)) != 0;
    }

    /** @return the data-class bitset. */
    public long dataBits() {
        return data;
    }

    /** @return number of capability words (64 capabilities each). */
    public int words() {
        return capabilities.length;
    }

    /** @return capability word {@code i}. */
    public long capabilityWord(final int i) {
        return capabilities[i];
    }

    /** Copies the capability words into {@code dst} at {@code offset}. */
    public void getCapabilityWords(final long[] dst, final int offset) {
        System.arraycopy(capabilities, 0, dst, offset, capabilities.length);
    }

    /** @return whether every capability and data class of this scope is in {@code other}. */
    public boolean isSubsetOf(final ScopeBits other) {
        return (data & ~other.data) == 0
            && Bits.firstNotIn(capabilities, 0, other.capabilities, 0, capabilities.length) == Bits.NONE;
    }

    /** Makes this scope immutable: every mutator throws from now on. Returns this. */
    ScopeBits freeze() {
        frozen = true;
        return this;
    }

    /** @return whether {@link #freeze()} was called: an immutable scope of the public API. */
    public boolean isFrozen() {
        return frozen;
    }

    private void mutable() {
        if (frozen) {
            throw new IllegalStateException("this scope is immutable (built by Policy.scope())");
        }
    }

    @Override
    public boolean contains(final dev.baton.Capability capability) {
        final int c = PolicyNames.rebind(capability, policy);
        return c >= 0 && hasCapability(c);
    }

    @Override
    public boolean contains(final dev.baton.DataClass dataClass) {
        final int d = PolicyNames.rebind(dataClass, policy);
        return dataClass == PolicyHandles.NO_DATA || d >= 0 && hasData(d);
    }

    @Override
    public boolean isSubsetOf(final dev.baton.Scope other) {
        if (!(other instanceof ScopeBits) || ((ScopeBits) other).policy.layoutId() != policy.layoutId()) {
            throw new IllegalArgumentException("scopes of different policy layouts cannot be compared");
        }
        return isSubsetOf((ScopeBits) other);
    }

    /** Renders the scope by name. Allocates: not for the hot path. */
    @Override
    public String toString() {
        final StringBuilder sb = new StringBuilder("{capabilities=[");
        String sep = "";
        for (int c = 0; c < policy.capabilityCount(); c++) {
            if (Bits.get(capabilities, 0, c)) {
                sb.append(sep).append(policy.capabilityName(c));
                sep = ", ";
            }
        }
        sb.append("], data=[");
        sep = "";
        for (int d = 0; d < policy.dataClassCount(); d++) {
            if ((data & (1L << d)) != 0) {
                sb.append(sep).append(policy.dataClassName(d));
                sep = ", ";
            }
        }
        sb.append(']');
        if (constraintCount > 0) {
            sb.append(", constraints=[");
            for (int i = 0; i < constraintCount; i++) {
                final int a = constrainedArguments[i];
                sb.append(i == 0 ? "" : ", ").append(policy.constraints.argumentTool[a]).append('(')
                    .append(policy.constraints.argumentName[a]).append(") ").append(requestedConstraints[i].text());
            }
            sb.append(']');
        }
        return sb.append('}').toString();
    }
}
