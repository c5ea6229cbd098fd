package dev.baton.cli;

import dev.baton.core.CompiledPolicy;
import dev.baton.core.PolicyCompiler;
import dev.baton.policy.PolicyError;
import dev.baton.policy.PolicyException;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Loads a policy file for a command that needs a valid one ({@code analyze}, {@code diff}): a missing,
 * unreadable or invalid file is reported on standard error, as {@code baton check} reports it, and the
 * command exits with {@link BatonCommand#USAGE}.
 * <p>
 * <b>Note:</b> stateless; thread-safe.
 */
final class PolicyInput {
    private PolicyInput() {
    }

    /** @return the compiled policy, or null after printing why it cannot be loaded. */
    static CompiledPolicy load(final Path file, final String command, final PrintWriter err) {
        try {
            return PolicyCompiler.load(file);
        } catch (final NoSuchFileException e) {
            err.println("baton " + command + ": no such file: " + file);
        } catch (final IOException e) {
            err.println("baton " + command + ": " + BatonCommand.cannotRead(file, e));
        } catch (final PolicyException e) {
            for (final PolicyError error : e.errors()) {
                err.println(error);
            }
            err.println("baton " + command + ": " + file + " is not a valid policy (" + e.errors().size()
                + (e.errors().size() == 1 ? " error)" : " errors)"));
        }
        return null;
    }
}
