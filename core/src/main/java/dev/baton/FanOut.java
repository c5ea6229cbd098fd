package dev.baton;

/**
 * The decisions of one fan-out: one per delegatee, in the order given, all taken at one instant.
 * <p>
 * A {@link DecisionSession} returns the same instance for each fan-out, refilled: read it before the
 * next call on that session, or keep a {@link #copy()}.
 * <p>
 * <b>Note:</b> not thread-safe; allocation-free except {@link #copy()}.
 */
public interface FanOut {
    /** @return how many children were decided. */
    int size();

    /**
     * @param i from 0 to {@link #size()} - 1.
     * @return the decision for the {@code i}-th delegatee.
     */
    Decision child(int i);

    /** @return how many children were allowed. */
    int allowed();

    /** @return an immutable copy. Allocates. */
    FanOut copy();
}
