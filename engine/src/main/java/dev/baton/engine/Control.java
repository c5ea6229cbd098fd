package dev.baton.engine;

import dev.baton.core.CompiledPolicy;

import java.util.concurrent.CompletableFuture;

/**
 * An engine action that goes through the ring so it is ordered with decisions: intern, swap, stop, and
 * flush (INTERVAL mode's timer: the end of its one-event batch forces the journal if due).
 */
final class Control {
    enum Kind { IDENTITY, SWAP, STOP, FLUSH }

    final Kind kind;
    final String identity;
    final CompiledPolicy policy;
    final CompletableFuture<Integer> done = new CompletableFuture<>();
    int result;

    Control(final Kind kind, final String identity, final CompiledPolicy policy) {
        this.kind = kind;
        this.identity = identity;
        this.policy = policy;
    }
}
