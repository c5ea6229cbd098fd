package dev.baton;

import dev.baton.core.PolicyCompiler;
import dev.baton.policy.PolicyException;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A compiled delegation policy: the YAML file turned into bitset tables, plus the names that bind
 * to them. All string work happens here, once: look up each purpose, capability, data class and rule
 * by name to get a typed handle, build scopes, and hand the handles to a {@link DecisionSession}.
 * <p>
 * Every look-up of a name the policy does not declare throws {@link UnknownNameException}, naming the
 * closest declared name; none returns a sentinel.
 * <p>
 * <b>Note:</b> immutable and thread-safe. Look-ups return preallocated handles (no allocation);
 * {@link #scope()} allocates.
 */
public interface Policy {
    /**
     * Reads and compiles a policy file.
     *
     * @param file the YAML policy.
     * @return the compiled policy.
     * @throws PolicyException every error found, each as {@code file:line:col: message}.
     * @throws IOException     if the file cannot be read.
     */
    static Policy load(final Path file) throws PolicyException, IOException {
        return PolicyCompiler.load(file).api();
    }

    /**
     * @param name a declared purpose.
     * @return its handle.
     * @throws UnknownNameException if the policy declares no such purpose.
     */
    Purpose purpose(String name);

    /**
     * @param tool   a declared tool.
     * @param action an action the tool offers.
     * @return the capability's handle.
     * @throws UnknownNameException if the policy has no such tool or action.
     */
    Capability capability(String tool, String action);

    /**
     * @param tool     a declared tool.
     * @param argument an argument it declares under {@code vocabulary.arguments}.
     * @return the argument's handle, for {@link ToolArguments}.
     * @throws UnknownNameException if the tool declares no such argument.
     */
    Argument argument(String tool, String argument);

    /**
     * @param name a declared data class.
     * @return its handle.
     * @throws UnknownNameException if the policy declares no such data class.
     */
    DataClass dataClass(String name);

    /**
     * @param name a declared break-glass rule.
     * @return its handle.
     * @throws UnknownNameException if the policy declares no such rule.
     */
    BreakGlassRule breakGlassRule(String name);

    /** @return a builder of an immutable {@link Scope} laid out for this policy. */
    Scope.Builder scope();

    /** @return the policy file this was compiled from. */
    String file();

    /** @return a short label of this version: file name and the first hex digits of its text's hash. */
    String label();

    /** @return the SHA-256 of the policy text, in hex: what the journal records as the version. */
    String versionHash();
}
