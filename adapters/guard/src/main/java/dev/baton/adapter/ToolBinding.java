package dev.baton.adapter;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one framework tool is in the policy's terms: the capability (tool and action) it exercises, the data
 * class it touches, which of its arguments carries the justification a sensitive tier asks for, and how its
 * arguments are named in the policy (for argument constraints). Declared, never guessed from the tool's name.
 * <p>
 * <b>Note:</b> immutable and thread-safe; each {@code with}-style method returns a new binding (allocates).
 */
public final class ToolBinding {
    private final String tool;
    private final String action;
    private final String dataClass;
    private final String justificationArgument;
    private final Map<String, String> arguments;

    private ToolBinding(final String tool, final String action, final String dataClass,
                        final String justificationArgument, final Map<String, String> arguments) {
        this.tool = tool;
        this.action = action;
        this.dataClass = dataClass;
        this.justificationArgument = justificationArgument;
        this.arguments = arguments;
    }

    /**
     * @param tool   a tool the policy declares ({@code crm.lookup}).
     * @param action one of its actions ({@code read}).
     * @return a binding to that capability touching no data class.
     */
    public static ToolBinding capability(final String tool, final String action) {
        return new ToolBinding(Objects.requireNonNull(tool, "tool"), Objects.requireNonNull(action, "action"),
            null, null, Map.of());
    }

    /**
     * @param name a data class the policy declares.
     * @return a copy that touches that data class.
     */
    public ToolBinding data(final String name) {
        return new ToolBinding(tool, action, Objects.requireNonNull(name, "data class"), justificationArgument, arguments);
    }

    /**
     * @param argument the name of the framework tool's argument whose text is the call's justification.
     * @return a copy that reads the justification from it.
     */
    public ToolBinding justifiedBy(final String argument) {
        return new ToolBinding(tool, action, dataClass, Objects.requireNonNull(argument, "argument"), arguments);
    }

    /**
     * Maps a framework argument to an argument the policy declares for this binding's tool
     * ({@code vocabulary.arguments}), so the policy's constraints on it are checked. A mapped argument is
     * required: a call that lacks it, or carries it with the wrong JSON type for its declared type, is
     * refused ({@link GuardCode#ARGUMENT_INVALID}).
     *
     * @param frameworkName the tool's argument name as the framework passes it.
     * @param policyName    the argument's name in the policy, under this binding's tool.
     * @return a copy with the mapping added.
     */
    public ToolBinding argument(final String frameworkName, final String policyName) {
        final Map<String, String> next = new LinkedHashMap<>(arguments);
        next.put(Objects.requireNonNull(frameworkName, "frameworkName"), Objects.requireNonNull(policyName, "policyName"));
        return new ToolBinding(tool, action, dataClass, justificationArgument, Map.copyOf(next));
    }

    /** @return the policy tool. */
    public String tool() {
        return tool;
    }

    /** @return the policy action. */
    public String action() {
        return action;
    }

    /** @return the data class touched, if any. */
    public Optional<String> dataClass() {
        return Optional.ofNullable(dataClass);
    }

    /** @return the argument carrying the justification, if any. */
    public Optional<String> justificationArgument() {
        return Optional.ofNullable(justificationArgument);
    }

    /** @return framework argument name to policy argument name (immutable). */
    public Map<String, String> arguments() {
        return arguments;
    }

    @Override
    public String toString() {
        return tool + ":" + action + (dataClass == null ? "" : " data=" + dataClass)
            + (justificationArgument == null ? "" : " justification=" + justificationArgument)
            + (arguments.isEmpty() ? "" : " arguments=" + arguments);
    }
}
