package dev.baton.policy;

import java.util.List;

/**
 * A scope as written in a policy file: capability references and data-class names. A data entry of
 * {@code "*"} stands for every data class.
 *
 * @param capabilities capability references, possibly empty.
 * @param data         data-class names, possibly empty.
 * @param at           where the scope's mapping starts.
 * @param constraints  constraints on the arguments of its tools' calls, possibly empty.
 */
public record ScopeSpec(List<CapabilityRef> capabilities, List<NameRef> data, SourceRef at,
                        List<ConstraintSpec> constraints) {

    /**
     * A scope without constraints.
     *
     * @param capabilities capability references.
     * @param data         data-class names.
     * @param at           where the scope's mapping starts.
     */
    public ScopeSpec(final List<CapabilityRef> capabilities, final List<NameRef> data, final SourceRef at) {
        this(capabilities, data, at, List.of());
    }

    /** A scope that holds nothing. */
    public static ScopeSpec empty(final SourceRef at) {
        return new ScopeSpec(List.of(), List.of(), at);
    }
}
