package dev.baton.fleet;

import dev.baton.Agent;
import dev.baton.Decision;
import dev.baton.DecisionSession;
import dev.baton.Outcome;
import dev.baton.Policy;
import dev.baton.Principal;
import dev.baton.Scope;
import dev.baton.core.CompiledPolicy;
import dev.baton.core.PolicyCompiler;
import dev.baton.engine.EngineConfig;
import dev.baton.engine.JournaledEngine;
import dev.baton.policy.PolicyParser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** A policy, engines on it, and waiting for the fleet's asynchronous effects. */
final class FleetFixture {
    static final Path MINIMAL = Path.of(System.getProperty("baton.repo.root", ".."), "src/policies/minimal.yaml");
    static final CompiledPolicy POLICY = load("minimal-1");

    private FleetFixture() {
    }

    /** @return the minimal policy, with its version label replaced (another version id). */
    static CompiledPolicy load(final String label) {
        try {
            final String text = Files.readString(MINIMAL).replace("version: \"minimal-1\"", "version: \"" + label + "\"");
            return PolicyCompiler.compile(PolicyParser.parse("minimal.yaml", text));
        } catch (final Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static JournaledEngine engine(final Path journal) {
        return JournaledEngine.start(new EngineConfig(POLICY, journal));
    }

    /** @return an engine whose grants live {@code ttl} (a policy duration such as "2s"). */
    static JournaledEngine engine(final Path journal, final String ttl) {
        try {
            final String text = Files.readString(MINIMAL).replace("default_ttl: 1h", "default_ttl: " + ttl);
            return JournaledEngine.start(new EngineConfig(PolicyCompiler.compile(PolicyParser.parse("minimal.yaml", text)),
                journal));
        } catch (final Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Opens a task on the engine: alice hands {@code lookup} to the reader. */
    static long open(final JournaledEngine engine) {
        final Policy policy = engine.policy();
        final Principal alice = engine.principal("user:alice@example.org");
        final Agent reader = engine.agent("spiffe://example.org/agent/reader");
        final Scope scope = policy.scope().capability("kb.search", "read").data("public").build();
        try (DecisionSession session = engine.session()) {
            final Decision d = session.open(alice, policy.purpose("lookup"), reader, scope);
            assertEquals(Outcome.ALLOW, d.outcome(), d::describe);
            return d.grantId();
        }
    }

    /** Closes a task as its principal. */
    static void close(final JournaledEngine engine, final long root) {
        try (DecisionSession session = engine.session()) {
            final Decision d = session.close(dev.baton.GrantRef.ofId(root), engine.principal("user:alice@example.org"));
            assertEquals(Outcome.ALLOW, d.outcome(), d::describe);
        }
    }

    static void await(final String what, final long seconds, final BooleanSupplier condition) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + seconds + " s: " + what);
            }
            try {
                Thread.sleep(10);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for " + what);
            }
        }
    }
}
