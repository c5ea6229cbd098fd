package dev.baton.bench;

import dev.baton.Agent;
import dev.baton.Capability;
import dev.baton.DataClass;
import dev.baton.Decision;
import dev.baton.DecisionSession;
import dev.baton.GrantRef;
import dev.baton.Policy;
import dev.baton.Principal;
import dev.baton.Purpose;
import dev.baton.codec.KeyRing;
import dev.baton.codec.WarrantKey;
import dev.baton.codec.WarrantKeyRing;
import dev.baton.core.ManualClock;
import dev.baton.engine.EngineConfig;
import dev.baton.engine.FsyncMode;
import dev.baton.engine.JournaledEngine;
import dev.baton.verifier.RevocationSet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A sub-task's life on the journaled engine with warrants: the planner delegates by presenting the root's
 * warrant, the CRM reader authorizes a call by presenting the child's, and the planner revokes the child by
 * id; three journaled requests (fsync NONE) per operation, with version-1 warrants ({@code v1}: the engine's
 * {@code KeyRing}) beside portable ones ({@code v2}: HMAC-SHA256, verified through the offline verifier and
 * its cache, every hop checked against a revocation source), in one run. Run with {@code -prof gc}:
 * {@code gc.alloc.rate.norm} should be about 0 B/op for both (it counts the engine and completion threads).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {JvmFlags.MISC, JvmFlags.NIO, JvmFlags.REFLECT, JvmFlags.REF, JvmFlags.LANG,
    JvmFlags.JAVAC, JvmFlags.NO_ANALYTICS, JvmFlags.NO_BANNER})
@State(Scope.Thread)
public class PortableEngineBenchmark {
    private static final int REOPEN_EVERY = 100_000;
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** Warrant format the engine issues and verifies. */
    @Param({"v1", "v2"})
    public String warrants;
    /** Policy file, resolved as in {@link PolicyFiles#resolve(String)}. */
    @Param({"src/policies/refund-dispute.yaml"})
    public String policy;

    private final ManualClock clock = new ManualClock(HotChain.START_MILLIS);
    private final GrantRef rootRef = new GrantRef();
    private final GrantRef childRef = new GrantRef();
    private final GrantRef childId = new GrantRef();
    private final StringBuilder justification = new StringBuilder("dispute #4411");
    private Path dir;
    private JournaledEngine engine;
    private DecisionSession session;
    private Principal alice;
    private Purpose purpose;
    private Agent planner;
    private Agent reader;
    private dev.baton.Scope scope;
    private Capability lookup;
    private DataClass internal;
    private int sinceOpen;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        final Policy p = PolicyFiles.load(policy);
        dir = Files.createTempDirectory("baton-portable-");
        EngineConfig config = EngineConfig.of(p, dir).fsync(FsyncMode.NONE, 0).clock(clock).grants(4096, 1 << 24, 0);
        config = "v1".equals(warrants) ? config.keys(new KeyRing(0, 1, SECRET))
            : config.portableWarrants(1, new WarrantKeyRing(0, WarrantKey.hmacSha256(1, SECRET)))
                .revocations(new RevocationSet());
        engine = JournaledEngine.start(config);
        session = engine.session();
        alice = engine.principal("user:alice@acme.example");
        purpose = p.purpose("refund-dispute");
        planner = engine.agent("spiffe://acme.example/agent/planner");
        reader = engine.agent("spiffe://acme.example/agent/crm-reader");
        scope = p.scope().capability("crm.lookup", "read").data("internal").build();
        lookup = p.capability("crm.lookup", "read");
        internal = p.dataClass("internal");
        reopen();
        for (int i = 0; i < 1_000; i++) {
            if (!subTask()) {
                throw new IllegalStateException("expected ALLOW with " + warrants + " warrants");
            }
        }
    }

    private void reopen() {
        final Decision root = session.open(alice, purpose, planner, scope);
        if (!root.allowed() || root.warrantLength() == 0) {
            throw new IllegalStateException("setup: " + root.describe());
        }
        rootRef.from(root);
        sinceOpen = 0;
    }

    /** @return whether the delegation and the call were allowed. */
    private boolean subTask() {
        if (++sinceOpen == REOPEN_EVERY) {
            reopen();
        }
        clock.advance(1);
        final Decision child = session.delegate(rootRef, planner, reader, scope);
        if (!child.allowed()) {
            return false;
        }
        childRef.from(child);
        childId.id(child.grantId());
        final boolean called = session.authorize(childRef, reader, lookup, internal, justification, null).allowed();
        session.revoke(childId, planner);
        return called;
    }

    /** @return whether the delegation and the call were allowed (so the JIT keeps the work). */
    @Benchmark
    public boolean delegateAuthorizeRevoke() {
        return subTask();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        session.close();
        engine.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (final Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
