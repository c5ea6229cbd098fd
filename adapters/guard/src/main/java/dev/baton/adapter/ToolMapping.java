package dev.baton.adapter;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The declared mapping from framework tool names ({@code lookup_customer}) to what they are in the policy
 * ({@link ToolBinding}). A tool that is not mapped is refused: nothing is inferred from names.
 * <p>
 * <b>Note:</b> immutable and thread-safe; {@link #binding(String)} allocates only its {@code Optional}.
 */
public final class ToolMapping {
    private final Map<String, ToolBinding> tools;

    private ToolMapping(final Map<String, ToolBinding> tools) {
        this.tools = Map.copyOf(tools);
    }

    /** @return a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param toolName the framework's tool name.
     * @return its binding, or empty when it is not mapped (and must be refused).
     */
    public Optional<ToolBinding> binding(final String toolName) {
        return Optional.ofNullable(tools.get(toolName));
    }

    /** @return every mapped framework tool name. */
    public Set<String> toolNames() {
        return tools.keySet();
    }

    @Override
    public String toString() {
        return "ToolMapping" + tools;
    }

    /**
     * Collects the bindings.
     * <p>
     * <b>Note:</b> not thread-safe.
     */
    public static final class Builder {
        private final Map<String, ToolBinding> tools = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * @param toolName the framework's tool name.
         * @param binding  what it is in the policy.
         * @return this.
         * @throws IllegalArgumentException if the name is mapped already.
         */
        public Builder tool(final String toolName, final ToolBinding binding) {
            Objects.requireNonNull(binding, "binding");
            if (tools.putIfAbsent(Objects.requireNonNull(toolName, "toolName"), binding) != null) {
                throw new IllegalArgumentException("tool '" + toolName + "' is mapped twice");
            }
            return this;
        }

        /** @return the mapping. */
        public ToolMapping build() {
            return new ToolMapping(tools);
        }
    }
}
