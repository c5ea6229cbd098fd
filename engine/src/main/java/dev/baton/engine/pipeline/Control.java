package dev.baton.engine.pipeline;

import dev.baton.engine.CompiledPolicy;

import java.util.concurrent.CompletableFuture;

/** An engine action that goes through the ring so it is ordered with decisions: intern, swap, stop. */
final class Control {
    enum Kind { IDENTITY, SWAP, STOP }

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
