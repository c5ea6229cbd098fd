package dev.baton.core;

import dev.baton.policy.PolicyException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads the policies the tests share. */
final class TestPolicies {
    private TestPolicies() {
    }

    /** A policy from {@code src/test/resources/policies/}. */
    static CompiledPolicy resource(final String name) {
        try (InputStream in = TestPolicies.class.getResourceAsStream("/policies/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test policy " + name);
            }
            final String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return PolicyCompiler.compile(dev.baton.policy.PolicyParser.parse(name, text));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        } catch (final PolicyException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** A policy from the repository's {@code src/policies/}. */
    static CompiledPolicy example(final String name) {
        try {
            return PolicyCompiler.load(repoRoot().resolve("src/policies").resolve(name));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        } catch (final PolicyException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The repository root: Surefire passes it; otherwise walk up to the parent POM's directory. */
    static Path repoRoot() {
        final String prop = System.getProperty("baton.repo.root");
        if (prop != null && Files.isDirectory(Path.of(prop, "src", "policies"))) {
            return Path.of(prop);
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("src").resolve("policies"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the repository root (src/policies)");
        }
        return dir;
    }
}
