package dev.baton.bench.peers;

/**
 * One engine answering the shared scenario. {@link #allowed(DelegationCase)} is the equivalence check (it may
 * allocate and build requests); {@link #prepare(DelegationCase)} builds everything a case needs up front so a
 * benchmark measures only the decisions.
 * <p>
 * <b>Note:</b> not thread-safe.
 */
public interface PeerAdapter extends AutoCloseable {
    /** @return the peer's name, as in docs/performance.md. */
    String name();

    /** @return whether the whole case is allowed: every hop, then the call. */
    boolean allowed(DelegationCase c) throws Exception;

    /** @return the case, ready to run again and again. */
    Prepared prepare(DelegationCase c) throws Exception;

    @Override
    default void close() {
    }

    /** A case with its requests built; {@link #run()} takes every decision of the case once. */
    @FunctionalInterface
    interface Prepared {
        /** @return whether the case was allowed. */
        boolean run() throws Exception;
    }
}
