package dev.baton.bench;

import dev.baton.Policy;
import dev.baton.core.CompiledPolicy;
import dev.baton.core.InMemoryEngine;
import dev.baton.core.PolicyCompiler;
import dev.baton.policy.PolicyException;
import dev.baton.policy.PolicyParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * Finds and compiles policy files for benchmarks, and finds other paths of the repository (a demo's journal);
 * setup only: parses, allocates.
 */
final class PolicyFiles {
    private PolicyFiles() {
    }

    /**
     * Resolves {@code file}: as given if it exists, else under the system property {@code baton.home},
     * else under the nearest ancestor of the working directory that holds it.
     */
    static Path resolve(final String file) {
        final Path found = find(file, Files::isRegularFile);
        if (found == null) {
            throw new IllegalArgumentException("policy " + file + " not found from " + Path.of("").toAbsolutePath()
                + "; run from the repository or pass -Dbaton.home=<repo> (or -p policy=<absolute path>)");
        }
        return found;
    }

    /**
     * @return {@code path} as given if it is {@code what} (a file, a directory), else under the system property
     *     {@code baton.home}, else under the nearest ancestor of the working directory that holds it; or null.
     */
    static Path find(final String path, final Predicate<Path> what) {
        final Path given = Path.of(path);
        if (what.test(given)) {
            return given;
        }
        final String home = System.getProperty("baton.home");
        if (home != null && what.test(Path.of(home).resolve(path))) {
            return Path.of(home).resolve(path);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (what.test(dir.resolve(path))) {
                return dir.resolve(path);
            }
        }
        return null;
    }

    /** @return the policy, loaded through the public API. */
    static Policy load(final String file) {
        try {
            return Policy.load(resolve(file));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        } catch (final PolicyException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** @return the compiled tables of a policy file, for benchmarks that fill the engine's requests by index. */
    static CompiledPolicy compiled(final String file) {
        return InMemoryEngine.compiled(load(file));
    }

    static Policy compile(final String name, final String text) {
        try {
            return PolicyCompiler.compile(PolicyParser.parse(name, text)).api();
        } catch (final PolicyException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
