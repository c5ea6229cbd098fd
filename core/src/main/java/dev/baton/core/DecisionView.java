package dev.baton.core;

import dev.baton.Capability;
import dev.baton.DataClass;
import dev.baton.Decision;
import dev.baton.Outcome;
import dev.baton.Reason;

import java.util.Arrays;

/**
 * A {@link Decision} as the public API shows it: the core's {@link DecisionSlot}, the policy that
 * decided (to name rules, capabilities and data classes) and the new grant's warrant bytes.
 * <p>
 * <b>Note:</b> not thread-safe. Reading allocates nothing except {@link #copy()}, {@link #warrant()},
 * {@link #describe()} and {@link #ruleSource()}.
 */
public final class DecisionView implements Decision {
    private final DecisionSlot slot;
    private CompiledPolicy policy;
    private byte[] warrant;
    private int warrantLength;

    /**
     * @param slot           the core's result holder this view reads.
     * @param warrantCapacity room for the warrant bytes (0 when the engine issues none).
     */
    public DecisionView(final DecisionSlot slot, final int warrantCapacity) {
        this.slot = slot;
        this.warrant = new byte[warrantCapacity];
    }

    /** @return the core's result holder behind this view. */
    public DecisionSlot slot() {
        return slot;
    }

    /** @return the buffer the new grant's warrant is written into (from index 0). */
    public byte[] warrantBuffer() {
        return warrant;
    }

    /** Makes sure {@link #warrantBuffer()} holds at least {@code capacity} bytes (after a policy swap). */
    public void warrantCapacity(final int capacity) {
        if (warrant.length < capacity) {
            warrant = new byte[capacity];
        }
    }

    /**
     * Completes the view once the core has decided.
     *
     * @param decidedBy     the policy that decided.
     * @param warrantLength bytes of warrant written into {@link #warrantBuffer()}, 0 for none.
     * @return this.
     */
    public DecisionView decided(final CompiledPolicy decidedBy, final int warrantLength) {
        this.policy = decidedBy;
        this.warrantLength = warrantLength;
        return this;
    }

    @Override
    public Outcome outcome() {
        return slot.outcome();
    }

    @Override
    public boolean allowed() {
        return slot.allowed();
    }

    @Override
    public Reason reason() {
        return slot.reason();
    }

    @Override
    public String rule() {
        return slot.rule() < 0 ? null : policy.ruleName(slot.rule());
    }

    @Override
    public String ruleSource() {
        return slot.rule() < 0 ? null : policy.ruleSource(slot.rule()).toString();
    }

    @Override
    public Capability capability() {
        return policy.api().capabilityAt(slot.capability());
    }

    @Override
    public DataClass dataClass() {
        return policy.api().dataClassAt(slot.dataClass());
    }

    @Override
    public long grantId() {
        return slot.grantId();
    }

    @Override
    public long parentGrantId() {
        return slot.parentGrantId();
    }

    @Override
    public long timestamp() {
        return slot.timestamp();
    }

    @Override
    public long expiry() {
        return slot.expiry();
    }

    @Override
    public int depth() {
        return slot.depth();
    }

    @Override
    public boolean breakGlass() {
        return (slot.flags() & GrantFlags.BREAK_GLASS) != 0;
    }

    @Override
    public boolean reviewed() {
        return (slot.flags() & GrantFlags.REVIEWED) != 0;
    }

    @Override
    public String policyVersion() {
        return policy.versionHash();
    }

    @Override
    public int warrantLength() {
        return warrantLength;
    }

    @Override
    public int getWarrant(final byte[] dst, final int offset) {
        System.arraycopy(warrant, 0, dst, offset, warrantLength);
        return warrantLength;
    }

    @Override
    public byte[] warrant() {
        return Arrays.copyOf(warrant, warrantLength);
    }

    @Override
    public Decision copy() {
        final DecisionView copy = new DecisionView(new DecisionSlot(), warrantLength);
        copy.slot.copyFrom(slot);
        System.arraycopy(warrant, 0, copy.warrant, 0, warrantLength);
        return copy.decided(policy, warrantLength);
    }

    @Override
    public String describe() {
        return slot.describe(policy);
    }

    @Override
    public String toString() {
        return policy == null ? slot.toString() : describe();
    }
}
