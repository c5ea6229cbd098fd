package dev.baton.engine;

import dev.baton.Agent;
import dev.baton.Capability;
import dev.baton.DataClass;
import dev.baton.Decision;
import dev.baton.DecisionSession;
import dev.baton.DelegationEngine;
import dev.baton.FanOut;
import dev.baton.GrantRef;
import dev.baton.Outcome;
import dev.baton.Policy;
import dev.baton.Principal;
import dev.baton.Purpose;
import dev.baton.Reason;
import dev.baton.Scope;
import dev.baton.codec.KeyRing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Eight orchestrator threads drive one journaled engine through the public API, each with its own
 * session and nothing pooled: every call's result is what the policy says, and replaying the journal
 * reproduces every decision.
 */
class SessionConcurrencyTest {
    private static final int THREADS = 8;
    private static final int TASKS = 300;

    @Test
    void shouldDecideFromEightThreadsThroughSessionsWithoutPooling(@TempDir final Path dir) throws Exception {
        final Policy policy = Policy.load(repoRoot().resolve("src/policies/refund-dispute.yaml"));
        final byte[] secret = new byte[32];
        new java.security.SecureRandom().nextBytes(secret);
        final KeyRing keys = new KeyRing(60_000, 1, secret);
        final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        final AtomicLong decisions = new AtomicLong();
        try (JournaledEngine engine = JournaledEngine.start(EngineConfig.of(policy, dir).keys(keys)
            .fsync(FsyncMode.NONE, 0))) {
            final Principal alice = engine.principal("user:alice@acme.example");
            final Agent planner = engine.agent("spiffe://acme.example/agent/planner");
            final Agent reader = engine.agent("spiffe://acme.example/agent/crm-reader");
            final Agent payments = engine.agent("spiffe://acme.example/agent/payments");
            final Purpose purpose = policy.purpose("refund-dispute");
            final Capability lookup = policy.capability("crm.lookup", "read");
            final DataClass pii = policy.dataClass("customer_pii");
            final Scope read = policy.scope().capability(lookup).data(pii).build();
            final CountDownLatch start = new CountDownLatch(1);
            final List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                final Thread thread = new Thread(() -> {
                    try (DecisionSession s = engine.session()) {
                        start.await();
                        final GrantRef task = new GrantRef();
                        final GrantRef root = new GrantRef();
                        final GrantRef sub = new GrantRef();
                        final Agent[] delegatees = {reader, payments};
                        final Scope[] scopes = {read, read};
                        for (int i = 0; i < TASKS; i++) {
                            final Decision opened = s.open(alice, purpose, planner, read);
                            expect(problems, opened, Outcome.ALLOW, Reason.ALLOWED);
                            root.id(opened.grantId()); // close names the task by id
                            task.from(opened); // delegations present the root's warrant
                            final FanOut fan = s.fanOut(task, planner, delegatees, scopes);
                            expect(problems, fan.child(0), Outcome.ALLOW, Reason.ALLOWED);
                            expect(problems, fan.child(1), Outcome.DENY, Reason.AGENT_CEILING);
                            sub.from(fan.child(0));
                            expect(problems, s.authorize(sub, reader, lookup, pii, "dispute", null), Outcome.ALLOW,
                                Reason.ALLOWED);
                            expect(problems, s.close(root, alice), Outcome.ALLOW, Reason.ALLOWED);
                            expect(problems, s.authorize(sub, reader, lookup, pii, "late", null), Outcome.DENY,
                                Reason.REVOKED);
                            decisions.addAndGet(6);
                        }
                    } catch (final InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (final RuntimeException | AssertionError e) {
                        problems.add(Thread.currentThread().getName() + ": " + e);
                    }
                }, "orchestrator-" + t);
                threads.add(thread);
                thread.start();
            }
            start.countDown();
            for (final Thread thread : threads) {
                thread.join(120_000);
            }
            // The asynchronous form, from this thread, completed off the engine thread.
            final CompletableFuture<Decision> future = engine.async().open(alice, purpose, planner, read);
            final Decision d = future.thenApply(x -> {
                assertTrue(!Thread.currentThread().getName().equals("baton-engine"));
                return x;
            }).join();
            assertEquals(Outcome.ALLOW, d.outcome(), d::describe);
            assertTrue(d.warrantLength() > 0, "an engine with keys returns the grant's warrant");
            decisions.incrementAndGet();
        }
        assertEquals(List.of(), List.copyOf(problems));
        final JournalReplay replay = new JournalReplay(null, 4096, 1 << 24, 60_000, null).replay(dir);
        assertEquals(null, replay.broken());
        assertEquals(0, replay.mismatches(), replay.firstMismatch());
        assertEquals(decisions.get(), replay.decisions(), "every decision is journaled once");
        assertTrue(replay.stoppedCleanly());
    }

    private static void expect(final ConcurrentLinkedQueue<String> problems, final Decision d, final Outcome outcome,
                               final Reason reason) {
        if (d.outcome() != outcome || d.reason() != reason) {
            problems.add(Thread.currentThread().getName() + ": expected " + outcome + " " + reason + ", got "
                + d.describe());
        }
    }

    private static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(dir.resolve("src/policies"))) {
            dir = dir.getParent();
        }
        return dir;
    }
}
