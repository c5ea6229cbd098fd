package dev.baton.core;

import dev.baton.Agent;
import dev.baton.Identity;
import dev.baton.Principal;

/**
 * A bound identity: the engine that bound it, the id its identity table gave it, and the string.
 * <p>
 * <b>Note:</b> immutable and thread-safe.
 */
public final class IdentityHandle implements Agent, Principal {
    private final Object engine;
    private final int id;
    private final String name;

    /**
     * @param engine the engine that bound it (a handle is refused by every other engine).
     * @param id     its id in that engine's identity table.
     * @param name   the identity string.
     */
    public IdentityHandle(final Object engine, final int id, final String name) {
        this.engine = engine;
        this.id = id;
        this.name = name;
    }

    /**
     * The id of {@code identity} in {@code engine}'s identity table.
     *
     * @throws IllegalArgumentException if it is null, not a Baton handle, or bound by another engine.
     */
    public static int idOf(final Identity identity, final Object engine) {
        if (!(identity instanceof IdentityHandle)) {
            throw new IllegalArgumentException(identity == null ? "an identity is null"
                : "not an identity bound by a Baton engine: " + identity.getClass().getName());
        }
        final IdentityHandle h = (IdentityHandle) identity;
        if (h.engine != engine) {
            throw new IllegalArgumentException("identity " + h.name + " was bound by another engine");
        }
        return h.id;
    }

    /** @return the id in the binding engine's identity table. */
    public int id() {
        return id;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }
}
