package dev.baton;

import dev.baton.core.PolicyHandles;

/**
 * A data class of the policy ({@code customer_pii}), from {@link Policy#dataClass(String)}, or
 * {@link #NONE} for a tool call that touches no classified data.
 * <p>
 * {@code NONE} is the only way to say "no data class": a name the policy does not declare never
 * becomes it, because every look-up of an unknown name throws.
 * <p>
 * <b>Note:</b> immutable and thread-safe.
 */
public interface DataClass {
    /** A tool call that touches no classified data. */
    DataClass NONE = PolicyHandles.NO_DATA;

    /** @return the data class's name in the policy ({@code none} for {@link #NONE}). */
    String name();
}
