package dev.baton;

/**
 * What a grant holds or a request asks for: a set of capabilities plus a set of data classes, laid
 * out as two bitsets for one policy. Scopes ordered by inclusion form a lattice; a delegation only
 * ever moves down it.
 * <p>
 * Build one with {@link Policy#scope()}, once, off the hot path, and reuse it: it is immutable, so an
 * engine may keep it while a request is pending.
 * <p>
 * <b>Note:</b> immutable and thread-safe; the queries allocate nothing.
 */
public interface Scope {
    /** @return whether the capability is in this scope. */
    boolean contains(Capability capability);

    /** @return whether the data class is in this scope ({@link DataClass#NONE} always is). */
    boolean contains(DataClass dataClass);

    /** @return whether every capability and data class of this scope is in {@code other}. */
    boolean isSubsetOf(Scope other);

    /**
     * Builds a {@link Scope} by name.
     * <p>
     * <b>Note:</b> not thread-safe; use one builder per scope.
     */
    interface Builder {
        /**
         * Adds a capability.
         *
         * @param tool   a declared tool.
         * @param action an action it offers, or {@code *} for all of the tool's actions.
         * @return this.
         * @throws UnknownNameException if the policy has no such tool or action.
         */
        Builder capability(String tool, String action);

        /**
         * Adds a capability.
         *
         * @param capability a handle of this builder's policy.
         * @return this.
         */
        Builder capability(Capability capability);

        /**
         * Adds a data class.
         *
         * @param name a declared data class.
         * @return this.
         * @throws UnknownNameException if the policy declares no such data class.
         */
        Builder data(String name);

        /**
         * Adds a data class.
         *
         * @param dataClass a handle of this builder's policy.
         * @return this.
         */
        Builder data(DataClass dataClass);

        /**
         * Asks for a slice of a budget: for a delegation, what the child may spend of its parent's remainder
         * (a child asking for none gets none); for an {@code open}, less than the task's total.
         *
         * @param budget a budget declared under {@code vocabulary.budgets}.
         * @param amount the slice, written as in the policy ({@code "250.00"}), at least 0.
         * @return this.
         * @throws UnknownNameException if the policy declares no such budget.
         * @throws IllegalArgumentException if the amount is not of the budget's type, or is negative.
         */
        Builder budget(String budget, String amount);

        /**
         * Asks, for a delegation (or a fan-out's child), for a constraint of the child's own on a declared
         * argument of a tool this scope holds: within every constraint the child would otherwise be held to
         * (its parent's, including what its parent asked for, and the ceilings and external limit it is checked
         * against), or the delegation is refused {@link Reason#CONSTRAINT_NOT_ATTENUATED}. The granted child and
         * every grant delegated under it are held to it on {@code authorize}; they may narrow it, never widen it.
         * One constraint per argument, at most 16 per scope.
         *
         * @param argument a handle of this builder's policy ({@link Policy#argument(String, String)}).
         * @param kind     {@code exact}, {@code one_of}, {@code range}, {@code prefix}, {@code glob} or
         *                 {@code regex}, as in the policy language.
         * @param values   its values written as in a policy: one value; for {@code range} low and high (both
         *                 included); for {@code one_of} one or more distinct values.
         * @return this.
         * @throws UnknownNameException if the handle is not one of this policy's arguments.
         * @throws IllegalArgumentException naming the argument if the kind does not apply to its type, a value
         *     is not of its type, range bounds are reversed, a pattern is outside the language's form, or the
         *     argument is constrained twice.
         */
        Builder constrain(Argument argument, String kind, String... values);

        /**
         * {@link #constrain(Argument, String, String...)} by name.
         *
         * @param tool     a declared tool.
         * @param argument an argument it declares.
         * @param kind     the constraint's kind.
         * @param values   its values.
         * @return this.
         * @throws UnknownNameException if the tool declares no such argument.
         */
        Builder constrain(String tool, String argument, String kind, String... values);

        /**
         * @return the immutable scope; the builder can go on building another.
         * @throws IllegalArgumentException if a constraint names a tool of which the scope holds no capability.
         */
        Scope build();
    }
}
