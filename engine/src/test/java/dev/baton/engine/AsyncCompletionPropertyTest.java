package dev.baton.engine;

import dev.baton.Outcome;
import dev.baton.Reason;
import dev.baton.core.ScopeBits;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static dev.baton.engine.EngineFixture.POLICY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random sequences of submissions, reuses and completions through {@code decideAsync} (mixed with the
 * polling path and with listeners) from several threads: every future completes exactly once, after its
 * request is final (done, with this submission's id and outputs, inside the dependent stage), and never on
 * the engine thread; every listener is called exactly once, off the engine thread, before the request is
 * done. One engine serves all tries.
 */
class AsyncCompletionPropertyTest {
    private static final AtomicLong IDS = new AtomicLong();
    /** A grant id no grant ever gets (ids count up from 1): REVOKE and AUTHORIZE on it are UNKNOWN_GRANT. */
    private static final long NO_GRANT = Long.MAX_VALUE;
    private static Path dir;
    private static JournaledEngine engine;
    private static int alice;
    private static int planner;
    private static int reader;
    private static long root;

    /** One submission: what it must look like when it completes. */
    private record Expected(long id, Request.Op op, boolean listener) {
    }

    @BeforeContainer
    static void start() throws IOException {
        dir = Files.createTempDirectory("baton-async-property-");
        engine = JournaledEngine.start(new EngineConfig(POLICY, dir).fsync(FsyncMode.NONE, 0));
        alice = engine.identity("user:alice@acme.example");
        planner = engine.identity("spiffe://acme.example/agent/planner");
        reader = engine.identity("spiffe://acme.example/agent/reader/crm");
        final Request r = new Request();
        r.reset(Request.Op.OPEN, IDS.incrementAndGet()).principal(alice).purpose(0)
            .child(planner, EngineFixture.rootScope(POLICY));
        engine.decide(r, 5, TimeUnit.SECONDS);
        root = r.decision().grantId();
    }

    @AfterContainer
    static void stop() throws IOException {
        engine.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (final Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Property(tries = 25)
    void shouldCompleteEveryFutureOnceAfterItsRequestIsFinalAndOffTheEngineThread(
        @ForAll @IntRange(min = 2, max = 4) final int threads,
        @ForAll @IntRange(min = 1, max = 3) final int requestsPerThread,
        @ForAll @IntRange(min = 10, max = 120) final int steps,
        @ForAll final long seed) throws InterruptedException {
        final Map<Long, Expected> submitted = new ConcurrentHashMap<>();
        final Map<Long, AtomicInteger> stages = new ConcurrentHashMap<>();
        final Map<Long, AtomicInteger> listeners = new ConcurrentHashMap<>();
        final Queue<String> problems = new ConcurrentLinkedQueue<>();
        final List<Thread> producers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            final Random random = new Random(seed * 31 + t);
            producers.add(new Thread(() -> {
                try {
                    new Producer(random, requestsPerThread, submitted, stages, listeners, problems).run(steps);
                } catch (final RuntimeException | Error e) {
                    problems.add("producer failed: " + e);
                }
            }, "producer-" + t));
        }
        producers.forEach(Thread::start);
        for (final Thread p : producers) {
            p.join(30_000);
        }
        assertTrue(problems.isEmpty(), () -> problems.size() + " problems, first: " + problems.peek());
        submitted.forEach((id, e) -> {
            assertEquals(1, count(stages, id), "dependent stage runs of request " + id + " " + e.op());
            assertEquals(e.listener() ? 1 : 0, count(listeners, id), "listener calls of request " + id);
        });
        assertEquals(submitted.size(), stages.size());
    }

    private static int count(final Map<Long, AtomicInteger> counts, final long id) {
        final AtomicInteger n = counts.get(id);
        return n == null ? 0 : n.get();
    }

    /** One producer thread: a few reused requests, each with at most one future outstanding. */
    private static final class Producer {
        private final Random random;
        private final Request[] requests;
        private final CompletableFuture<?>[] outstanding;
        private final ScopeBits read = EngineFixture.readScope(POLICY);
        // Per thread: a chained submission fills requests on the completion thread while this producer
        // fills others, and the engine copies the text at submission, so each thread reuses its own.
        private final ThreadLocal<StringBuilder> texts = ThreadLocal.withInitial(StringBuilder::new);
        private final Map<Long, Expected> submitted;
        private final Map<Long, AtomicInteger> stages;
        private final Map<Long, AtomicInteger> listeners;
        private final Queue<String> problems;

        Producer(final Random random, final int requests, final Map<Long, Expected> submitted,
                 final Map<Long, AtomicInteger> stages, final Map<Long, AtomicInteger> listeners,
                 final Queue<String> problems) {
            this.random = random;
            this.requests = new Request[requests];
            this.outstanding = new CompletableFuture<?>[requests];
            for (int i = 0; i < requests; i++) {
                this.requests[i] = new Request();
            }
            this.submitted = submitted;
            this.stages = stages;
            this.listeners = listeners;
            this.problems = problems;
        }

        void run(final int steps) {
            for (int s = 0; s < steps; s++) {
                final int k = random.nextInt(requests.length);
                if (outstanding[k] != null) {
                    if (random.nextInt(10) < 6) {
                        outstanding[k].join(); // a completion; the request is reused at its next turn
                        outstanding[k] = null;
                    }
                    continue;
                }
                final Request r = requests[k];
                if (random.nextInt(10) == 0) {
                    fill(r);
                    poll(r); // the allocation-free path on the same request, between async uses
                    continue;
                }
                final boolean chain = random.nextInt(4) == 0;
                final CompletableFuture<Request> first = submitAsync(r);
                outstanding[k] = chain
                    ? first.thenCompose(done -> submitAsync(done)) // reused inside the dependent stage
                    : first;
            }
            for (final CompletableFuture<?> f : outstanding) {
                if (f != null) {
                    f.join();
                }
            }
        }

        /** Resets {@code r} for a random operation with a fresh id; returns what its completion must show. */
        private Expected fill(final Request r) {
            final long id = IDS.incrementAndGet();
            final boolean listener = random.nextInt(3) == 0;
            final Request.Op op;
            switch (random.nextInt(4)) {
                case 0:
                    op = Request.Op.OPEN;
                    r.reset(op, id).principal(alice).purpose(0).child(planner, read);
                    break;
                case 1:
                    op = Request.Op.DELEGATE;
                    r.reset(op, id).grant(root).presenter(planner).child(reader, read);
                    break;
                case 2:
                    op = Request.Op.AUTHORIZE;
                    final StringBuilder text = texts.get();
                    text.setLength(0);
                    text.append("case ").append(id);
                    r.reset(op, id).grant(NO_GRANT).presenter(reader)
                        .call(POLICY.capability("crm.lookup", "read"), POLICY.dataClass("internal")).text(text);
                    break;
                default:
                    op = Request.Op.REVOKE;
                    r.reset(op, id).grant(NO_GRANT).actor(planner);
            }
            final Expected e = new Expected(id, op, listener);
            if (listener) {
                r.listener(done -> {
                    listeners.computeIfAbsent(id, x -> new AtomicInteger()).incrementAndGet();
                    check(done, e, "listener", false);
                });
            }
            submitted.put(id, e);
            return e;
        }

        private CompletableFuture<Request> submitAsync(final Request r) {
            final Expected e = fill(r);
            return engine.decideAsync(r).whenComplete((done, failure) -> {
                stages.computeIfAbsent(e.id(), x -> new AtomicInteger()).incrementAndGet();
                if (failure != null) {
                    problems.add("request " + e.id() + " failed: " + failure);
                } else {
                    check(done, e, "dependent stage", true);
                }
            });
        }

        private void poll(final Request r) {
            final long id = r.requestId();
            while (engine.tryDecide(r) == JournaledEngine.BUSY) {
                Thread.onSpinWait();
            }
            while (!r.isDone()) {
                Thread.onSpinWait();
            }
            stages.computeIfAbsent(id, x -> new AtomicInteger()).incrementAndGet(); // its "completion", once
            check(r, submitted.get(id), "poller", true);
        }

        private void check(final Request r, final Expected e, final String where, final boolean done) {
            final String thread = Thread.currentThread().getName();
            if ("baton-engine".equals(thread)) {
                problems.add(where + " of request " + e.id() + " ran on the engine thread");
            }
            if (r.isDone() != done) {
                problems.add(where + " of request " + e.id() + " saw isDone()=" + r.isDone() + " on " + thread);
            }
            if (r.requestId() != e.id() || r.op() != e.op() || r.failure() != null) {
                problems.add(where + " of request " + e.id() + " saw request " + r.requestId() + " " + r.op()
                    + " failure=" + r.failure());
                return;
            }
            final boolean expected = switch (e.op()) {
                case OPEN, DELEGATE -> r.decision().outcome() == Outcome.ALLOW;
                default -> r.decision().reason() == Reason.UNKNOWN_GRANT;
            };
            if (!expected) {
                problems.add(where + " of request " + e.id() + " saw " + r.describe(POLICY));
            }
        }
    }
}
