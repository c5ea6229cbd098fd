package dev.baton.bench;

import dev.baton.Identity;
import dev.baton.Scope;
import dev.baton.core.DecisionCore;
import dev.baton.core.PolicyNames;
import dev.baton.core.ScopeBits;

/**
 * The ints a raw {@link DecisionCore} takes, for names bound through the public API. Benchmarks bind every
 * name once, as an orchestrator does, with {@code Policy} and {@code DelegationEngine} (a misspelt name fails
 * there, naming the closest one); only the benchmarks that measure the raw core turn those handles into its
 * ints, here.
 * <p>
 * <b>Note:</b> setup only; not thread-safe (it interns identities in the core).
 */
final class CoreIds {
    private final DecisionCore core;

    /** @param core the raw core whose ints are wanted. */
    CoreIds(final DecisionCore core) {
        this.core = core;
    }

    /** @return the core's id of an identity bound by {@code engine.agent} or {@code engine.principal}. */
    int identity(final Identity identity) {
        return core.identity(identity.name());
    }

    /** @return the core's index of a purpose, capability, data-class or break-glass handle of its policy. */
    int index(final Object handle) {
        final int index = PolicyNames.rebind(handle, core.policy());
        if (index < 0) {
            throw new IllegalArgumentException(handle + " is not in the core's policy");
        }
        return index;
    }

    /** @return the bitsets of a scope built by {@code Policy.scope()}, as the raw core takes them. */
    static ScopeBits bits(final Scope scope) {
        return (ScopeBits) scope;
    }
}
