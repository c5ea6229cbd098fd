package dev.baton.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static dev.baton.engine.EngineFixture.POLICY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * {@link EngineConfig#engineThreadFactory}: the engine thread is the factory's, made once, and every request is
 * decided on it; without one it is a daemon named {@code baton-engine}.
 */
class EngineThreadFactoryTest {
    @Test
    void shouldDecideEveryRequestOnTheThreadTheFactoryMade(@TempDir final Path dir) throws InterruptedException {
        final List<Thread> made = new CopyOnWriteArrayList<>();
        final AtomicReference<String> decidedOn = new AtomicReference<>();
        final EngineConfig config = new EngineConfig(POLICY, dir).fsync(FsyncMode.NONE, 0)
            .engineThreadFactory(r -> {
                final Thread t = new Thread(r, "placed-engine");
                t.setDaemon(true);
                made.add(t);
                return t;
            })
            .listener(new DecisionListener() {
                @Override
                public void onDecision(final Request.Op op, final dev.baton.Outcome outcome, final dev.baton.Reason reason,
                                       final long latencyNanos) {
                    decidedOn.set(Thread.currentThread().getName());
                }
            });
        try (JournaledEngine engine = JournaledEngine.start(config)) {
            for (int i = 1; i <= 3; i++) {
                final Request r = new Request();
                r.reset(Request.Op.REVOKE, i).grant(999).actor(0);
                assertEquals(JournaledEngine.Outcome.DONE, engine.decide(r, 10, TimeUnit.SECONDS));
                assertEquals("placed-engine", decidedOn.get(), "request " + i + " was decided on the factory's thread");
            }
        }
        assertEquals(1, made.size(), "the factory makes the one engine thread, once");
        made.get(0).join(TimeUnit.SECONDS.toMillis(10)); // close() halts the thread; it ends on its own soon after
        assertFalse(made.get(0).isAlive(), "closing the engine ends its thread");
    }
}
