package dev.baton.policy;

import java.util.List;

/**
 * A policy could not be loaded. Carries every error found, each with file, line, column and field;
 * nothing of an invalid policy is ever used.
 */
public final class PolicyException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<PolicyError> errors;

    /**
     * @param errors at least one error.
     */
    public PolicyException(final List<PolicyError> errors) {
        super(render(errors));
        this.errors = List.copyOf(errors);
    }

    /** @return the errors, in file order where known. */
    public List<PolicyError> errors() {
        return errors;
    }

    private static String render(final List<PolicyError> errors) {
        final StringBuilder sb = new StringBuilder();
        for (final PolicyError e : errors) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(e);
        }
        return sb.toString();
    }
}
