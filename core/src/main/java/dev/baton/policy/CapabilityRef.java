package dev.baton.policy;

/**
 * A reference to capabilities as written in a scope: {@code tool:action}, {@code tool:*} (every
 * action the tool offers), {@code family.*:action} or {@code family.*:*} (every tool whose name starts
 * with {@code family.}), {@code *:action} (every tool offering the action) or {@code *} (every
 * capability; then {@code tool} and {@code action} are both {@code "*"}).
 *
 * @param tool   tool name, or {@code "*"}.
 * @param action action name, or {@code "*"}.
 * @param at     where it was written.
 */
public record CapabilityRef(String tool, String action, SourceRef at) {
    /** The wildcard that stands for all tools or all actions. */
    public static final String ANY = "*";

    /**
     * @param tool a tool as written.
     * @return the family prefix of {@code prefix.*} (without the dot), or {@code null} if {@code tool} is
     *     not a family wildcard.
     */
    public static String family(final String tool) {
        return tool.length() > 2 && tool.endsWith(".*") ? tool.substring(0, tool.length() - 2) : null;
    }

    /**
     * @param declaredTool a declared tool name.
     * @param offers       whether that tool offers {@link #action()} (ignored when the action is {@code *}).
     * @return whether this reference covers the tool's capability.
     */
    public boolean covers(final String declaredTool, final boolean offers) {
        final boolean toolMatches = ANY.equals(tool) || tool.equals(declaredTool)
            || family(tool) != null && declaredTool.startsWith(family(tool) + '.');
        return toolMatches && (ANY.equals(action) || offers);
    }
}
