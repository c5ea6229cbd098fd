package dev.baton.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.baton.engine.EngineFixture.POLICY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine's listener hooks: what each is told, and what a failing one cannot break. */
class DecisionListenerTest {
    @Test
    void shouldTellEachListenerOfAllWhatTheDecisionCarriedEvenWhenOneThrows(@TempDir final Path dir) {
        final List<String> seen = new ArrayList<>();
        final DecisionListener failing = new DecisionListener() {
            @Override
            public void onDecision(final DecisionEvent event) {
                throw new IllegalStateException("a broken listener");
            }
        };
        final DecisionListener recording = new DecisionListener() {
            @Override
            public void onDecision(final DecisionEvent e) {
                seen.add(e.op() + " " + e.requestId() + " " + e.outcome() + " " + e.trace().traceIdLow()
                    + " " + (e.journaledNanos() - e.submittedNanos() == e.latencyNanos()));
            }
        };
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir)
            .listener(DecisionListener.all(failing, recording)))) {
            final int alice = engine.identity("user:alice@acme.example");
            final int planner = engine.identity("spiffe://acme.example/agent/planner");
            final Request r = new Request();
            r.reset(Request.Op.OPEN, 7).principal(alice).purpose(POLICY.purpose("refund-dispute"))
                .child(planner, EngineFixture.rootScope(POLICY)).trace().set(1, 42, 3, 1);
            assertEquals(JournaledEngine.Outcome.DONE, engine.decide(r, 5, TimeUnit.SECONDS));
        }
        assertEquals(List.of("OPEN 7 ALLOW 42 true"), seen);
    }

    @Test
    void shouldReleaseARequestWhoseSubmissionHookThrows(@TempDir final Path dir) {
        final DecisionListener refusing = new DecisionListener() {
            @Override
            public void onSubmit(final Request request) {
                if (request.requestId() == 1) {
                    throw new IllegalStateException("refused at submission");
                }
            }
        };
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir).listener(refusing))) {
            final int alice = engine.identity("user:alice@acme.example");
            final int planner = engine.identity("spiffe://acme.example/agent/planner");
            final Request r = new Request();
            r.reset(Request.Op.OPEN, 1).principal(alice).purpose(POLICY.purpose("refund-dispute"))
                .child(planner, EngineFixture.rootScope(POLICY));
            assertThrows(IllegalStateException.class, () -> engine.tryDecide(r));
            r.reset(Request.Op.OPEN, 2).principal(alice).purpose(POLICY.purpose("refund-dispute"))
                .child(planner, EngineFixture.rootScope(POLICY)); // reusable: nothing left pending
            assertEquals(JournaledEngine.Outcome.DONE, engine.decide(r, 5, TimeUnit.SECONDS));
            assertTrue(r.decision().allowed());
        }
    }
}
