package dev.baton.engine;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The other process of {@link JournalLockTest}: starts a {@link JournaledEngine} on the journal directory it is
 * given, revokes a grant (one DECISION record), prints {@code READY <pid>} and holds the engine open until its
 * standard input ends or it is killed.
 */
public final class JournalLockChild {
    private JournalLockChild() {
    }

    public static void main(final String[] args) throws Exception {
        try (JournaledEngine engine = JournaledEngine.start(
            new EngineConfig(EngineFixture.POLICY, Path.of(args[0])).fsync(FsyncMode.BATCH, 0))) {
            final Request r = new Request();
            r.reset(Request.Op.REVOKE, 1).grant(999).actor(0);
            if (engine.decide(r, 30, TimeUnit.SECONDS) != JournaledEngine.Outcome.DONE) {
                throw new IllegalStateException("the engine did not decide");
            }
            System.out.println("READY " + ProcessHandle.current().pid());
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold the engine (and its journal's lock) until the test lets go
            }
        }
    }
}
