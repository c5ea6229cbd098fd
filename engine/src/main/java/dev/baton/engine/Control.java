package dev.baton.engine;

import dev.baton.core.CompiledPolicy;

import java.util.concurrent.CompletableFuture;

/**
 * An engine action that goes through the ring so it is ordered with decisions: intern, swap, stop,
 * flush (INTERVAL mode's timer: the end of its one-event batch forces the journal if due), and attaching
 * a shadow policy ({@code SHADOW} with a policy) or detaching it ({@code SHADOW} without).
 */
final class Control {
    enum Kind { IDENTITY, SWAP, STOP, FLUSH, SHADOW }

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
