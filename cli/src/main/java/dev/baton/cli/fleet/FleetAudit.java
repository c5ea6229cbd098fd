package dev.baton.cli.fleet;

import dev.baton.audit.AuditLog;
import dev.baton.audit.ProgressListener;
import dev.baton.engine.JournalScan;
import dev.baton.engine.JournalTrust;
import dev.baton.fleet.FleetJournals;
import dev.baton.fleet.ShippedJournal;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fleet audit: every engine's shipped journal checked by the journal's own rules (CRCs, sequences
 * without gap or repeat, the SEAL chain; with the engine's journal key every SEAL's mac; with its
 * checkpoint public key every shipped signed checkpoint), then written back as a journal directory and
 * replayed (every decision re-executed under the policy version it was recorded with). The audit holds
 * only when every engine's chain verified and its decisions replayed as recorded.
 * <p>
 * <b>Note:</b> not thread-safe; allocates (every record, each engine's audit log).
 */
public final class FleetAudit {
    /** What an auditor holds for one engine: its journal key and checkpoint public key, each optional. */
    public interface Keys {
        /** @return the engine's journal key, or null. */
        byte[] journalKey(int engineId);

        /** @return the engine's checkpoint public key, or null. */
        PublicKey checkpointKey(int engineId);
    }

    /**
     * One engine's verdict.
     *
     * @param id           the engine id.
     * @param records      its journal records, SEALs included.
     * @param checkpoints  signed checkpoints checked.
     * @param chainProblem what is wrong with its shipped records (checked before the replay), or null.
     * @param log          its replay.
     */
    public record Engine(int id, long records, int checkpoints, String chainProblem, AuditLog log) {
        /** @return whether its chain verified and every decision replayed as recorded. */
        public boolean ok() {
            return chainProblem == null && log != null && log.damage() == null && log.mismatchCount() == 0;
        }
    }

    private final List<Engine> engines = new ArrayList<>();

    private FleetAudit() {
    }

    /**
     * Audits every engine of a fleet's shipped journals.
     *
     * @param shipped     each engine's shipped records and checkpoints ({@link FleetJournals#read}).
     * @param keys        what the auditor holds.
     * @param scratch     an empty directory to write the shipped journals back into, one per engine.
     * @param keepEntries keep every decision (for explain).
     * @return the audit.
     */
    public static FleetAudit of(final Map<Integer, FleetJournals.Shipped> shipped, final Keys keys, final Path scratch,
                                final boolean keepEntries) {
        final FleetAudit audit = new FleetAudit();
        for (final Map.Entry<Integer, FleetJournals.Shipped> e : shipped.entrySet()) {
            final int id = e.getKey();
            final FleetJournals.Shipped s = e.getValue();
            final byte[] journalKey = keys.journalKey(id);
            final PublicKey checkpointKey = keys.checkpointKey(id);
            final String problem = ShippedJournal.verify(s.records(), journalKey, s.checkpoints(), checkpointKey);
            final Path dir = scratch.resolve(EngineFiles.PREFIX + id);
            FleetJournals.write(s.records(), dir);
            final JournalTrust trust = journalKey == null ? JournalTrust.none() : JournalTrust.none().journalKey(journalKey);
            final AuditLog log = AuditLog.read(dir, trust, keepEntries, ProgressListener.NONE);
            audit.engines.add(new Engine(id, s.records().size(), checkpointKey == null ? 0 : s.checkpoints().size(),
                problem, log));
        }
        return audit;
    }

    /**
     * Audits journal directories as they are (an engine's local journal, or one written back).
     *
     * @param dirs        engine id to its journal directory.
     * @param trusts      engine id to what to check it against.
     * @param keepEntries keep every decision (for explain).
     * @return the audit.
     */
    public static FleetAudit ofDirectories(final Map<Integer, Path> dirs, final Map<Integer, JournalTrust> trusts,
                                           final boolean keepEntries) {
        final FleetAudit audit = new FleetAudit();
        for (final Map.Entry<Integer, Path> e : dirs.entrySet()) {
            final JournalTrust trust = trusts.getOrDefault(e.getKey(), JournalTrust.none());
            final AuditLog log = AuditLog.read(e.getValue(), trust, keepEntries, ProgressListener.NONE);
            audit.engines.add(new Engine(e.getKey(), JournalScan.of(e.getValue()).records(), log.checkpointsVerified(),
                null, log));
        }
        return audit;
    }

    /** @return each engine's verdict, by id. */
    public List<Engine> engines() {
        return engines;
    }

    /** @return whether there is at least one engine and every one verified and replayed. */
    public boolean ok() {
        return !engines.isEmpty() && engines.stream().allMatch(Engine::ok);
    }

    /** @return records of every engine together. */
    public long records() {
        return engines.stream().mapToLong(Engine::records).sum();
    }

    /** @return decisions of every engine together. */
    public long decisions() {
        return engines.stream().mapToLong(e -> e.log() == null ? 0 : e.log().decisions()).sum();
    }

    /** Prints one line per engine, then the fleet's verdict. */
    public void print(final PrintWriter out) {
        for (final Engine e : engines) {
            final AuditLog log = e.log();
            final String chain = e.chainProblem() != null ? "BROKEN: " + e.chainProblem()
                : log.damage() != null ? "BROKEN: " + log.damage() : "verified";
            out.printf(Locale.ROOT, "  engine %d: %,d records, %,d decisions, %d signed checkpoints; chain %s; replay %s%n",
                e.id(), e.records(), log.decisions(), e.checkpoints(), chain,
                log.mismatchCount() == 0 ? "matches" : log.mismatchCount() + " MISMATCHES, first: " + log.mismatches().get(0));
        }
        out.printf(Locale.ROOT, "  fleet: %d engines, %,d records, %,d decisions: %s%n", engines.size(), records(),
            decisions(), ok() ? "every chain verified and replayed" : "FAILED");
    }
}
