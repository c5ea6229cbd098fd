package dev.baton.adapter;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A call with typed arguments allocates, in steady state, no more than the verdict it returns: the arguments
 * are filled into the pooled session's reused {@code ToolArguments}, a {@code Double} amount read without a
 * {@code BigDecimal}, strings encoded into its buffer.
 */
class EngineToolAuthorizerAllocationTest {
    private static final int CALLS = 20_000;
    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void shouldAllocateOnlyTheVerdictPerCallWithArguments() throws Exception {
        assertTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        try (ConstrainedRefunds refunds = new ConstrainedRefunds()) {
            final EngineToolAuthorizer authorizer = new EngineToolAuthorizer(refunds.engine, ConstrainedRefunds.tools());
            final ToolCall call = ToolCall.of("refund", ConstrainedRefunds.inRange(), refunds.openTask());
            long guarded = Long.MAX_VALUE;
            long verdicts = Long.MAX_VALUE;
            for (int round = 0; round < 5; round++) { // the least of several rounds: JIT and GC settle
                guarded = Math.min(guarded, perCall(() -> authorizer.authorize(call)));
                verdicts = Math.min(verdicts, perCall(() -> ToolVerdict.allowedUnder(call.hashCode())));
            }
            assertTrue(authorizer.authorize(call).allowed());
            assertTrue(guarded <= verdicts, "a call allocated " + guarded + " B, a bare verdict " + verdicts + " B");
        }
    }

    private long perCall(final java.util.function.Supplier<ToolVerdict> call) {
        long sink = 0;
        threads.getCurrentThreadAllocatedBytes();
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < CALLS; i++) {
            sink += call.get().grantId();
        }
        final long after = threads.getCurrentThreadAllocatedBytes();
        return sink == Long.MIN_VALUE ? -1 : (after - before) / CALLS;
    }
}
