package dev.baton.policy;

/**
 * One thing wrong with a policy file: where, which field, and what was expected.
 * <p>
 * <b>Note:</b> immutable and thread-safe.
 *
 * @param file    the policy file name.
 * @param line    1-based line.
 * @param column  1-based column.
 * @param field   the dotted path of the field ({@code agents.planner.max_depth}).
 * @param message what is wrong and what was expected.
 */
public record PolicyError(String file, int line, int column, String field, String message) {

    /** Creates an error at a source reference. */
    public static PolicyError at(final SourceRef at, final String field, final String message) {
        return new PolicyError(at.file(), at.line(), at.column(), field, message);
    }

    /** {@code file:line:col: field: message}, the form the command line prints. */
    @Override
    public String toString() {
        return file + ':' + line + ':' + column + ": " + field + ": " + message;
    }
}
