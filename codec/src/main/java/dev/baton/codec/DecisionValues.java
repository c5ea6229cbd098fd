package dev.baton.codec;

/**
 * The checks a decision's fields pass before either form of it is written ({@link DecisionEncoder},
 * {@link CompactDecisionEncoder}), in one place so the two forms refuse the same values.
 *
 * <p><b>Note:</b> stateless; thread-safe. Allocates only the exception of a refused value.
 */
final class DecisionValues {
    private DecisionValues() {
    }

    /** @return the outcome's code; UNKNOWN is never written. */
    static int outcomeCode(final DecisionOutcome outcome) {
        if (outcome == DecisionOutcome.UNKNOWN) {
            throw new IllegalArgumentException("UNKNOWN is never written");
        }
        return outcome.code();
    }

    /** @return {@code depth}, once sure it is 0..255. */
    static int depth(final int depth) {
        if (depth < 0 || depth > 0xFF) {
            throw new IllegalArgumentException("depth=" + depth + " bound=255");
        }
        return depth;
    }

    /** @return {@code value}, once sure it is 0..65535. */
    static int u16(final int value, final String name) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException(name + "=" + value + " bound=65535");
        }
        return value;
    }
}
