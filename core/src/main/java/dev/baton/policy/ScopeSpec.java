package dev.baton.policy;

import java.util.List;

/**
 * A scope as written in a policy file: capability references and data-class names. A data entry of
 * {@code "*"} stands for every data class.
 *
 * @param capabilities capability references, possibly empty.
 * @param data         data-class names, possibly empty.
 * @param at           where the scope's mapping starts.
 */
public record ScopeSpec(List<CapabilityRef> capabilities, List<NameRef> data, SourceRef at) {
    /** A scope that holds nothing. */
    public static ScopeSpec empty(final SourceRef at) {
        return new ScopeSpec(List.of(), List.of(), at);
    }
}
