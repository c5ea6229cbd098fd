package dev.baton.engine;

import dev.baton.core.CompiledPolicy;
import dev.baton.core.DecisionSlot;
import dev.baton.Outcome;
import dev.baton.core.ScopeBits;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The process {@link CrashTest} kills: runs a {@link JournaledEngine} on a journal directory under load
 * from several producer threads until it is killed, and reports every decision it completed on stdout.
 * <p>
 * Arguments: journal directory, {@link FsyncMode}, seed, run number (or: journal directory, {@code TORN},
 * bytes: see {@link #tearARecord}). Prints {@code READY <records recovered>} once started, then one line
 * per completed decision:
 * <pre>
 *   C &lt;requestId&gt; &lt;child&gt; &lt;outcome&gt; &lt;reasonCode&gt; &lt;grantId&gt; .
 * </pre>
 * A line is written (one {@code write(2)}, shorter than {@code PIPE_BUF}, so atomic on a pipe) only
 * after {@link Request#isDone()}, i.e. after the engine appended the request's record; the trailing
 * {@code .} lets the reader tell a whole line from a torn one all the same.
 * Request ids are {@code run << 48 | producer << 40 | counter} (counter from 1): unique across the runs on one journal.
 */
public final class CrashChild {
    /** The mode argument that tears a record instead of running the engine. */
    static final String TORN = "TORN";
    static final int PRODUCERS = 4;
    private static final int POOL = 64;
    private static final FileOutputStream OUT = new FileOutputStream(FileDescriptor.out);

    private CrashChild() {
    }

    public static void main(final String[] args) throws InterruptedException {
        exitWithParent();
        final Path dir = Path.of(args[0]);
        if (TORN.equals(args[1])) {
            tearARecord(dir, Integer.parseInt(args[2]));
            return;
        }
        final FsyncMode mode = FsyncMode.valueOf(args[1]);
        final long seed = Long.parseLong(args[2]);
        final long run = Long.parseLong(args[3]);
        final JournaledEngine engine = JournaledEngine.start(snapshotting(new EngineConfig(EngineFixture.POLICY, dir)
            .fsync(mode, 5), dir));
        final Identities ids = new Identities(engine);
        print("READY " + engine.recoveredRecords() + "\n");
        final Thread[] producers = new Thread[PRODUCERS];
        for (int i = 0; i < PRODUCERS; i++) {
            final Producer p = new Producer(engine, ids, seed * 31 + i, run << 48 | (long) i << 40);
            producers[i] = new Thread(p, "producer-" + i);
            producers[i].start();
        }
        for (final Thread t : producers) {
            t.join(); // until killed
        }
    }

    /** Halts when stdin reaches its end, i.e. when the test JVM is gone, so that no child outlives it. */
    private static void exitWithParent() {
        final Thread t = new Thread(() -> {
            try {
                System.in.transferTo(OutputStream.nullOutputStream());
            } catch (final IOException ignored) {
                // gone all the same
            }
            Runtime.getRuntime().halt(3);
        }, "exit-with-parent");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Opens the journal's queue as a second writer would, starts a document, writes part of a record into
     * it and waits to be killed: the state a writer killed in the middle of an append leaves behind,
     * made certain rather than left to the timing of a kill.
     */
    private static void tearARecord(final Path dir, final int bytes) throws InterruptedException {
        final SingleChronicleQueue queue = SingleChronicleQueueBuilder.single(dir.toFile())
            .rollCycle(RollCycles.FAST_DAILY).timeoutMS(2_000).build();
        final ExcerptAppender appender = queue.createAppender();
        final DocumentContext dc = appender.writingDocument();
        final byte[] part = new byte[bytes];
        Arrays.fill(part, (byte) 0x5A);
        dc.wire().bytes().write(part);
        print("READY torn\n");
        Thread.sleep(Long.MAX_VALUE); // killed with the document open
    }

    /**
     * Snapshots every 100 ms (or 20,000 records) beside the journal, so that kills land while snapshots
     * are being copied and written; the crash test restarts with the same settings.
     */
    static EngineConfig snapshotting(final EngineConfig config, final Path dir) {
        return config.snapshots(snapshotDir(dir)).snapshotEvery(20_000, 100).snapshotsKept(2);
    }

    static Path snapshotDir(final Path dir) {
        return dir.resolveSibling(dir.getFileName() + "-snapshots");
    }

    /** One write(2) per line: a SIGKILL leaves no half-written line in the pipe. */
    static void print(final String line) {
        final byte[] bytes = line.getBytes(StandardCharsets.US_ASCII);
        synchronized (OUT) {
            try {
                OUT.write(bytes);
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The identities of the test policy the producers use, interned once through the engine. */
    static final class Identities {
        final int alice;
        final int oncall;
        final int security;
        final int planner;
        final int[] readers = new int[3];
        final int partner;
        final int stranger;

        Identities(final JournaledEngine engine) {
            alice = engine.identity("user:alice@acme.example");
            oncall = engine.identity("user:oncall-bob@acme.example");
            security = engine.identity("user:sec@security.acme.example");
            planner = engine.identity("spiffe://acme.example/agent/planner");
            for (int i = 0; i < readers.length; i++) {
                readers[i] = engine.identity("spiffe://acme.example/agent/reader/r" + i);
            }
            partner = engine.identity("spiffe://partner.example/mcp/summariser");
            stranger = engine.identity("spiffe://other.example/agent/x");
        }
    }

    /** One orchestrator thread: a realistic mix of operations on the grants it has been given. */
    static final class Producer implements Runnable {
        private final JournaledEngine engine;
        private final Identities ids;
        private final SplittableRandom random;
        private final Request request = new Request(4);
        private final CompiledPolicy policy = EngineFixture.POLICY;
        private final ScopeBits root = EngineFixture.rootScope(policy);
        private final ScopeBits read = EngineFixture.readScope(policy);
        private final ScopeBits deletion = new ScopeBits(policy).capability("files.delete", "delete").data("internal");
        private final ScopeBits pii = new ScopeBits(policy).capability("crm.lookup", "read").data("customer_pii");
        private final ScopeBits summary = new ScopeBits(policy).capability("doc.summarize", "summarize").data("public");
        private final ScopeBits leak = new ScopeBits(policy).capability("doc.summarize", "summarize").data("customer_pii");
        private final int purpose = policy.purpose("refund-dispute");
        private final int lookup = policy.capability("crm.lookup", "read");
        private final int pay = policy.capability("ledger.pay", "purchase");
        private final int internal = policy.dataClass("internal");
        private final int oncallRule = policy.breakGlassRule("oncall");
        /** Roots held by the planner, grants held by someone (with the holder), pending reviews. */
        private final long[] roots = new long[POOL];
        private final long[] grants = new long[POOL];
        private final int[] holders = new int[POOL];
        private final long[] pending = new long[POOL];
        private int rootCount;
        private int grantCount;
        private int pendingCount;
        private final long idBase;
        private long counter;

        Producer(final JournaledEngine engine, final Identities ids, final long seed, final long idBase) {
            this.engine = engine;
            this.ids = ids;
            this.random = new SplittableRandom(seed);
            this.idBase = idBase;
        }

        @Override
        public void run() {
            final StringBuilder line = new StringBuilder(256);
            while (true) {
                final Request r = next();
                if (engine.decide(r, 5, TimeUnit.SECONDS) == JournaledEngine.Outcome.BUSY) {
                    continue; // never queued: nothing to report
                }
                while (!r.isDone()) { // TIMED_OUT: queued; it completes later
                    LockSupport.parkNanos(100_000);
                }
                if (r.failure() != null) {
                    print("FAILED " + r.failure() + "\n");
                    return;
                }
                line.setLength(0);
                for (int i = 0; i < r.children(); i++) {
                    final DecisionSlot d = r.decision(i);
                    line.append("C ").append(r.requestId()).append(' ').append(i).append(' ')
                        .append(d.outcome().name()).append(' ').append(d.reason().code()).append(' ')
                        .append(d.grantId()).append(" .\n");
                }
                print(line.toString());
                learn(r);
            }
        }

        private Request next() {
            final Request r = request;
            final long id = idBase | ++counter; // ids are strictly positive
            final int dice = random.nextInt(100);
            if (rootCount == 0 || dice < 12) {
                return r.reset(Request.Op.OPEN, id).principal(ids.alice).purpose(purpose).child(ids.planner, root);
            }
            final long someRoot = roots[random.nextInt(rootCount)];
            if (dice < 16) { // deletions need review
                return r.reset(Request.Op.OPEN, id).principal(ids.alice).purpose(purpose)
                    .child(ids.planner, deletion);
            }
            if (dice < 20 && pendingCount > 0) {
                final int k = random.nextInt(pendingCount);
                final long g = pending[k];
                pending[k] = pending[--pendingCount];
                return r.reset(Request.Op.REVIEW, id).grant(g).principal(random.nextInt(4) == 0 ? ids.alice
                    : ids.security).approve(random.nextInt(3) != 0);
            }
            if (dice < 34) {
                final int who = random.nextInt(8);
                r.reset(Request.Op.DELEGATE, id).grant(someRoot).presenter(ids.planner);
                if (who == 0) {
                    return r.child(ids.stranger, read); // cross-domain, no external limit: DENY
                }
                if (who == 1) {
                    return r.child(ids.partner, leak); // never_leave: DENY
                }
                if (who == 2) {
                    return r.child(ids.partner, summary); // external, within the limit: ALLOW
                }
                return r.child(ids.readers[random.nextInt(ids.readers.length)], random.nextInt(4) == 0 ? pii : read);
            }
            if (dice < 42) {
                r.reset(Request.Op.FAN_OUT, id).grant(someRoot).presenter(ids.planner);
                for (int i = 0; i < ids.readers.length; i++) {
                    r.child(ids.readers[i], read);
                }
                return r.child(ids.partner, summary);
            }
            if (dice < 46 && grantCount > 0) { // a reader delegates on: pii at depth 2 needs review
                final int k = random.nextInt(grantCount);
                return r.reset(Request.Op.DELEGATE, id).grant(grants[k]).presenter(holders[k])
                    .child(ids.readers[random.nextInt(ids.readers.length)], random.nextBoolean() ? pii : read);
            }
            if (dice < 84 && grantCount > 0) {
                final int k = random.nextInt(grantCount);
                final int presenter = random.nextInt(20) == 0 ? ids.planner : holders[k];
                return r.reset(Request.Op.AUTHORIZE, id).grant(grants[k]).presenter(presenter)
                    .call(random.nextInt(10) == 0 ? pay : lookup, internal).text(random.nextBoolean() ? "ticket" : null);
            }
            if (dice < 90 && grantCount > 0) {
                final int k = random.nextInt(grantCount);
                final long g = grants[k];
                final int holder = holders[k];
                grants[k] = grants[--grantCount];
                holders[k] = holders[grantCount];
                return r.reset(Request.Op.REVOKE, id).grant(g).actor(holder);
            }
            if (dice < 95) {
                final int k = random.nextInt(rootCount);
                final long g = roots[k];
                roots[k] = roots[--rootCount];
                return r.reset(Request.Op.CLOSE, id).grant(g).actor(ids.alice);
            }
            return r.reset(Request.Op.BREAK_GLASS, id).principal(ids.oncall).rule(oncallRule).purpose(purpose)
                .child(ids.planner, read).text("incident " + counter).ttl(60_000);
        }

        /** Keeps what the decisions handed out, in bounded pools (a new one replaces a random old one). */
        private void learn(final Request r) {
            for (int i = 0; i < r.children(); i++) {
                final DecisionSlot d = r.decision(i);
                if (d.outcome() == Outcome.REVIEW) {
                    pendingCount = add(pending, null, pendingCount, d.grantId(), 0);
                } else if (d.outcome() == Outcome.ALLOW) {
                    switch (r.op()) {
                        case OPEN:
                            rootCount = add(roots, null, rootCount, d.grantId(), 0);
                            break;
                        case DELEGATE:
                        case FAN_OUT:
                            grantCount = add(grants, holders, grantCount, d.grantId(), r.agents[i]);
                            break;
                        case BREAK_GLASS:
                            grantCount = add(grants, holders, grantCount, d.grantId(), r.agents[i]);
                            break;
                        default:
                            break;
                    }
                }
            }
        }

        private int add(final long[] pool, final int[] holder, final int count, final long grant, final int who) {
            final int k = count < POOL ? count : random.nextInt(POOL);
            pool[k] = grant;
            if (holder != null) {
                holder[k] = who;
            }
            return Math.min(count + 1, POOL);
        }
    }
}
