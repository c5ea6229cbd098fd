package dev.baton.policy;

/**
 * Where something stands in a policy file: the file name as given to the parser, and the 1-based
 * line and column of the YAML node. Reason codes and policy errors point here.
 * <p>
 * <b>Note:</b> immutable and thread-safe.
 *
 * @param file   the policy file name as given to the parser.
 * @param line   1-based line.
 * @param column 1-based column.
 */
public record SourceRef(String file, int line, int column) {
    /** A reference for things that have no place in a file (built in code). */
    public static final SourceRef NONE = new SourceRef("<none>", 0, 0);

    @Override
    public String toString() {
        return file + ':' + line + ':' + column;
    }
}
