package dev.baton;

/**
 * One declared argument of a tool, from {@link Policy#argument(String, String)}: the key under which a
 * {@link ToolArguments} list carries a call's value.
 * <p>
 * <b>Note:</b> immutable and thread-safe.
 */
public interface Argument {
    /** @return the tool, e.g. {@code ledger.refund}. */
    String tool();

    /** @return the argument's name, e.g. {@code amount}. */
    String argument();

    /** @return {@code tool(argument)}, e.g. {@code ledger.refund(amount)}. */
    String name();

    /** @return the declared type, which says how {@link ToolArguments} carries a value. */
    dev.baton.constraint.ArgumentType type();
}
