package dev.baton.adapter;

import java.util.Map;
import java.util.Objects;

/**
 * One tool call as a framework adapter sees it, before the tool runs.
 * <p>
 * <b>Note:</b> immutable once built (the arguments map is the framework's own and is only read) and
 * thread-safe to share; building one allocates.
 *
 * @param toolName    the framework's tool name (mapped by a {@link ToolMapping}).
 * @param arguments   the call's arguments by name, as the framework decoded them; may be empty, never null.
 * @param presented   what the caller presented, or null when it presented nothing (refused).
 * @param inputDigest SHA-256 of the call's raw input (32 bytes) for the journal, or null.
 */
public record ToolCall(String toolName, Map<String, ?> arguments, PresentedWarrant presented, byte[] inputDigest) {
    /**
     * Checks the shape.
     *
     * @param toolName    the framework's tool name.
     * @param arguments   the call's arguments.
     * @param presented   what was presented, or null.
     * @param inputDigest the input's digest, or null.
     */
    public ToolCall {
        Objects.requireNonNull(toolName, "toolName");
        Objects.requireNonNull(arguments, "arguments");
        if (inputDigest != null && inputDigest.length != 32) {
            throw new IllegalArgumentException("inputDigest must be 32 bytes, was " + inputDigest.length);
        }
    }

    /**
     * @param toolName  the framework's tool name.
     * @param arguments the call's arguments.
     * @param presented what was presented, or null.
     * @return a call without an input digest.
     */
    public static ToolCall of(final String toolName, final Map<String, ?> arguments, final PresentedWarrant presented) {
        return new ToolCall(toolName, arguments, presented, null);
    }

    @Override
    public String toString() {
        return "ToolCall[" + toolName + " arguments=" + arguments.keySet() + " presented=" + presented + "]";
    }
}
