package dev.baton.metrics;

import dev.baton.Policy;
import dev.baton.engine.DecisionEvent;
import dev.baton.engine.DecisionListener;
import dev.baton.engine.EngineConfig;
import dev.baton.engine.FsyncMode;
import dev.baton.engine.JournaledEngine;
import dev.baton.engine.Request;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ring depth, BUSY refusals, fsync time and shipping lag, read from a real engine held up on purpose. */
class EngineMetersTest {
    private static final int RING = 8;

    @Test
    void shouldShowTheRingFillingWhileTheEngineThreadIsHeldAndTheBusyRefusals(@TempDir final Path dir)
        throws Exception {
        final Policy policy = Policy.load(repoRoot().resolve("src/policies/refund-dispute.yaml"));
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        final CountDownLatch held = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final DecisionListener holder = new DecisionListener() {
            @Override
            public void onDecision(final DecisionEvent event) {
                if (event.requestId() == 1) { // hold the engine thread on the first decision
                    held.countDown();
                    await(release);
                }
            }
        };
        final EngineConfig config = EngineConfig.of(policy, dir).fsync(FsyncMode.BATCH, 0).ringSize(RING)
            .listener(DecisionListener.all(new MicrometerDecisionListener(registry), holder));
        try (JournaledEngine engine = JournaledEngine.start(config)) {
            new EngineMeters(engine).bindTo(registry);
            assertEquals(RING, registry.get(EngineMeters.RING_SIZE).gauge().value());
            final int alice = engine.identity("user:alice@acme.example");
            final List<Request> accepted = new ArrayList<>();
            final Request first = revoke(1, alice);
            assertEquals(JournaledEngine.ACCEPTED, engine.tryDecide(first));
            accepted.add(first);
            assertTrue(held.await(10, TimeUnit.SECONDS));
            int busy = 0;
            for (long id = 2; busy < 3; id++) {
                final Request r = revoke(id, alice);
                if (engine.tryDecide(r) == JournaledEngine.BUSY) {
                    busy++;
                } else {
                    accepted.add(r);
                }
            }
            assertEquals(RING, registry.get(EngineMeters.RING_DEPTH).gauge().value(), "the ring is full");
            assertEquals(3.0, registry.get(EngineMeters.BUSY).functionCounter().count());
            release.countDown();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            for (final Request r : accepted) {
                while (!r.isDone() && System.nanoTime() - deadline < 0) {
                    Thread.onSpinWait();
                }
                assertTrue(r.isDone(), "request " + r.requestId());
            }
            assertEquals(0.0, registry.get(EngineMeters.RING_DEPTH).gauge().value(), "drained");
        }
        final double forces = registry.get(MicrometerDecisionListener.FSYNC).timer().count();
        assertTrue(forces > 0 && forces <= registry.get(MicrometerDecisionListener.BATCH_SYNC).timer().count(),
            "at most one force per batch in BATCH mode: " + forces);
    }

    @Test
    void shouldReadTheShippingLagWhenScraped() {
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        final AtomicLong records = new AtomicLong(12);
        final AtomicLong nanos = new AtomicLong(TimeUnit.MILLISECONDS.toNanos(1_500));
        new JournalShippingMeters(records::get, nanos::get).bindTo(registry);
        assertEquals(12.0, registry.get(JournalShippingMeters.RECORDS).gauge().value());
        assertEquals(1.5, registry.get(JournalShippingMeters.SECONDS).gauge().value(), 1e-9);
        records.set(0);
        nanos.set(0);
        assertEquals(0.0, registry.get(JournalShippingMeters.RECORDS).gauge().value());
        assertEquals(0.0, registry.get(JournalShippingMeters.SECONDS).gauge().value());
    }

    private static Request revoke(final long id, final int actor) {
        return new Request().reset(Request.Op.REVOKE, id).grant(1_000_000 + id).actor(actor);
    }

    private static void await(final CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("src/policies"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("no src/policies above " + Path.of("").toAbsolutePath());
        }
        return p;
    }
}
