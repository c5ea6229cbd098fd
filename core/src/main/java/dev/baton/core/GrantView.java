package dev.baton.core;

/**
 * A copy of one grant's fields, filled by {@link DecisionCore#grant(long, GrantView)}: for explain,
 * audit and tests. Reuse one instance to read many grants without allocating.
 * <p>
 * <b>Note:</b> mutable, not thread-safe.
 */
public final class GrantView {
    long id;
    long parentId;
    long rootId;
    int holder;
    int principal;
    int purpose;
    int depth;
    long issuedAt;
    long expiry;
    long reviewDeadline;
    int flags;
    final ScopeBits scope;

    /** @param policy the policy whose layout the copied scope uses. */
    public GrantView(final CompiledPolicy policy) {
        this.scope = new ScopeBits(policy);
    }

    /** Copies the fields of the grant at {@code slot} of {@code g}. */
    void copyFrom(final GrantRegistry g, final int slot) {
        id = g.id(slot);
        parentId = g.parentId(slot);
        rootId = g.rootId(slot);
        holder = g.holder(slot);
        principal = g.principal(slot);
        purpose = g.purpose(slot);
        depth = g.depth(slot);
        issuedAt = g.issuedAt(slot);
        expiry = g.expiry(slot);
        reviewDeadline = g.reviewDeadline(slot);
        flags = g.flags(slot);
        System.arraycopy(g.longs, g.capsOffset(slot), scope.capabilities, 0, g.words());
        scope.data = g.data(slot);
    }

    /** @return the grant id. */
    public long id() {
        return id;
    }

    /** @return the parent grant's id, or 0 for a root grant. */
    public long parentId() {
        return parentId;
    }

    /** @return the id of the task's root grant. */
    public long rootId() {
        return rootId;
    }

    /** @return the holder's identity id. */
    public int holder() {
        return holder;
    }

    /** @return the initiating principal's identity id. */
    public int principal() {
        return principal;
    }

    /** @return the purpose index. */
    public int purpose() {
        return purpose;
    }

    /** @return 0 for a root grant, parent's depth + 1 otherwise. */
    public int depth() {
        return depth;
    }

    /** @return when it was issued (epoch millis). */
    public long issuedAt() {
        return issuedAt;
    }

    /** @return when it expires (epoch millis); it is unusable from that instant on. */
    public long expiry() {
        return expiry;
    }

    /** @return for a pending grant, the review deadline; else 0. */
    public long reviewDeadline() {
        return reviewDeadline;
    }

    /** @return {@link GrantFlags} bits. */
    public int flags() {
        return flags;
    }

    /** @return whether it (or an ancestor) was revoked. */
    public boolean revoked() {
        return (flags & GrantFlags.REVOKED) != 0;
    }

    /** @return the granted scope (a view owned by this object). */
    public ScopeBits scope() {
        return scope;
    }
}
