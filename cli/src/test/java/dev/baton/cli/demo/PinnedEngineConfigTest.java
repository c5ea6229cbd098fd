package dev.baton.cli.demo;

import dev.baton.codec.KeyRing;
import dev.baton.core.CompiledPolicy;
import dev.baton.core.PolicyCompiler;
import dev.baton.engine.JournaledEngine;
import dev.baton.engine.WaitMode;
import net.openhft.affinity.Affinity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A pinned demo engine waits in PARK mode whatever the machine's size (its producers share its vCPU, so a
 * spinning waiter would only delay the thread it waits for), and runs on the pinned thread; an unpinned one
 * keeps the engine's default.
 */
class PinnedEngineConfigTest {
    private static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("src").resolve("scenarios"))) {
            dir = dir.getParent();
        }
        return dir;
    }

    private static OrchestratorDemo.Settings settings(final CompiledPolicy policy, final boolean pin) {
        // engineConfig reads the policy and the run's fsync only: no workload, no journal target.
        return new OrchestratorDemo.Settings(null, "w", policy, "p", new OrchestratorDemo.JournalTarget(
            Path.of("unused"), "unused", false), new Workload.Defaults(1, 0, 0, 2, 16, 50,
            dev.baton.engine.FsyncMode.NONE, 10, 2, pin));
    }

    private static KeyRing keys() {
        final byte[] secret = new byte[32];
        new java.security.SecureRandom().nextBytes(secret);
        return new KeyRing(60_000, 1, secret);
    }

    @Test
    void shouldParkAndRunOnThePinnedThreadWhenPinned(@TempDir final Path dir) throws Exception {
        assumeTrue(Affinity.getAffinity().cardinality() >= 2, "pinning two engines needs two vCPUs");
        final CompiledPolicy policy = PolicyCompiler.load(root().resolve("src/policies/refund-dispute.yaml"));
        final CpuPins pins = CpuPins.plan(2, true);
        try (JournaledEngine engine = JournaledEngine.start(OrchestratorDemo.engineConfig(settings(policy, true), pins,
            1, dir, java.time.InstantSource.system(), keys()))) {
            assertEquals(WaitMode.PARK, engine.waitMode(), "pinned: PARK (DemoCommandTest shows it where AUTO spins)");
        }
        assertEquals(1, pins.pinned(), "engine 2's thread was pinned as it started");
        assertEquals(0, pins.failed());
    }

    @Test
    void shouldKeepTheEnginesDefaultWaitModeWhenNotPinned(@TempDir final Path dir) throws Exception {
        final CompiledPolicy policy = PolicyCompiler.load(root().resolve("src/policies/refund-dispute.yaml"));
        final CpuPins pins = CpuPins.plan(2, false);
        try (JournaledEngine engine = JournaledEngine.start(OrchestratorDemo.engineConfig(settings(policy, false), pins,
            0, dir, java.time.InstantSource.system(), keys()))) {
            assertEquals(WaitMode.AUTO.resolve(), engine.waitMode());
        }
        assertEquals(0, pins.pinned() + pins.failed());
    }
}
