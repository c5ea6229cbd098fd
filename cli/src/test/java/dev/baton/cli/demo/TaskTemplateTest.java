package dev.baton.cli.demo;

import dev.baton.core.CompiledPolicy;
import dev.baton.core.PolicyCompiler;
import dev.baton.engine.EngineConfig;
import dev.baton.engine.JournaledEngine;
import dev.baton.engine.Request;
import dev.baton.testkit.NameBinding;
import dev.baton.testkit.Step;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo's templates bind through the testkit's binding: the ints in requests are the engine's own. */
class TaskTemplateTest {
    private static final String EVE = "user:eve@evil.example";
    private static final String INES = "user:ines@acme.example";

    private static Path root() {
        final String prop = System.getProperty("baton.repo.root");
        if (prop != null && Files.isDirectory(Path.of(prop, "src", "scenarios"))) {
            return Path.of(prop);
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("src").resolve("scenarios"))) {
            dir = dir.getParent();
        }
        return dir;
    }

    @Test
    void shouldPutTheEnginesIdsAndThePolicysIndicesInEveryStep(@TempDir final Path dir) throws Exception {
        final Workload w = WorkloadParser.parse(root().resolve("src/scenarios/orchestrator.yaml"));
        final CompiledPolicy policy = PolicyCompiler.load(w.policy());
        final Workload.Template mistakes = w.templates().stream().filter(t -> t.name().equals("mistakes"))
            .findFirst().orElseThrow();
        final Workload.Tenant tenant = new Workload.Tenant("t", Map.of("mistakes", 1),
            Map.of("user:alice@acme.example", List.of(INES)));
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(policy, dir))) {
            final TaskTemplate t = TaskTemplate.bind(mistakes, tenant, 0, new NameBinding(engine, engine::identity));
            assertEquals(mistakes.scenario().steps().size(), t.steps.length);
            int strangers = 0;
            for (final TaskStep s : t.steps) {
                for (int i = 0; i < s.children; i++) {
                    final String agent = agentOf(s.at[i]);
                    // Interning a name again gives the id it has: the step holds the engine's id for the name.
                    assertEquals(engine.identity(agent), s.agents[i], s.at[i].at().toString());
                    assertSame(policy, s.scopes[i].policy());
                    strangers += isAgent(policy, agent) ? 0 : 1;
                }
            }
            assertTrue(strangers > 0, "the template delegates to an identity that is no agent of the policy");
            assertEquals(Request.Op.OPEN, t.steps[0].op);
            assertEquals(engine.identity(EVE), t.steps[0].principal, "a principal the policy does not know");
            assertEquals(engine.identity(INES), t.steps[1].principal, "the tenant's cast plays alice");
            assertEquals(policy.purpose("refund-dispute"), t.steps[1].purpose);
            assertArrayEquals(new int[] {-1}, t.steps[1].as);
        }
    }

    private static String agentOf(final Step step) {
        if (step instanceof Step.Open o) {
            return o.root().agent();
        }
        if (step instanceof Step.BreakGlass g) {
            return g.root().agent();
        }
        return ((Step.Delegate) step).to();
    }

    private static boolean isAgent(final dev.baton.core.CompiledPolicy policy, final String identity) {
        try {
            policy.requireAgentIdentity(identity);
            return true;
        } catch (final dev.baton.UnknownNameException notAnAgent) {
            return false;
        }
    }
}
