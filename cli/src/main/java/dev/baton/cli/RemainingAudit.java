package dev.baton.cli;

import dev.baton.engine.JournalReader;
import dev.baton.engine.JournalStart;
import dev.baton.engine.JournalTrust;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code baton replay JOURNAL --remaining}: verifies what remains of a journal whose first roll-cycle files
 * were archived or deleted (docs/durability.md, "Archiving old roll cycles"). The chain is anchored at the
 * first SEAL that can be trusted without its predecessors (one a signed checkpoint of the anchor attests, or
 * one whose mac verifies under the journal key); the records before it are read, their CRCs and sequences
 * checked, and counted, not trusted; from it on every record is verified as a full read would. No decision
 * is re-executed: the state before that SEAL is not in what remains (a snapshot holds it: {@code --snapshots}).
 */
final class RemainingAudit {
    private final Path journal;
    private long read;
    private long skipped;
    private long firstSequence;
    private long unsealed;
    private int checkpoints;
    private String problem;
    private String broken;
    private String cut;

    private RemainingAudit(final Path journal) {
        this.journal = journal;
    }

    /**
     * Reads what remains of {@code journal}.
     *
     * @param journal the journal directory.
     * @param trust   the journal key and checkpoint anchor that can anchor the chain.
     * @return what the read found.
     */
    static RemainingAudit read(final Path journal, final JournalTrust trust) {
        final RemainingAudit a = new RemainingAudit(journal);
        try (JournalReader r = new JournalReader(journal, trust, JournalStart.remaining())) {
            a.read = r.read((sequence, type, buffer, offset, length) -> true);
            a.skipped = r.skipped();
            a.firstSequence = r.firstSequence();
            a.unsealed = r.unsealed();
            a.checkpoints = r.checkpointsVerified();
            a.problem = r.problem() == null ? null : r.problem().name();
            a.broken = r.broken();
            a.cut = r.cut();
        }
        return a;
    }

    /** @return whether the chain was anchored and verifies from there to its last SEAL, uncut. */
    boolean ok() {
        return broken == null && cut == null && read > 0;
    }

    /** Prints the text report; {@code trustLine} says what the journal was checked against. */
    void print(final PrintWriter out, final String trustLine) {
        out.printf("journal   %s: what remains, from sequence %,d%n", BatonCommand.display(journal), firstSequence);
        out.printf("trust     %s%n", trustLine);
        if (broken != null) {
            out.printf("chain     %s: %s%n", problem == null ? "BROKEN" : problem, broken);
        } else if (read == 0) {
            out.printf("chain     nothing to verify: no record after a trusted SEAL%n");
        } else {
            out.printf(Locale.ROOT, "anchor    the first trusted SEAL; %,d record%s before it read (CRC and sequence "
                + "checked), not trusted%n", skipped, skipped == 1 ? "" : "s");
            out.printf(Locale.ROOT, "chain     ok from the anchor: %,d record%s after it verified%n", read,
                read == 1 ? "" : "s");
        }
        if (cut != null) {
            out.printf("cut       %s%n", cut);
        }
        if (unsealed > 0) {
            out.printf("open      %,d record%s after the last SEAL (never acknowledged)%n", unsealed,
                unsealed == 1 ? "" : "s");
        }
        out.printf("replay    none: the state before the anchor is not in what remains (use --snapshots)%n");
        out.printf("%nverdict   %s%n", ok() ? "OK" : "FAILED");
    }

    /** @return the JSON report (schema in docs/cli.md, "replay --remaining"). */
    Map<String, Object> json(final Map<String, Object> trustDoc) {
        final Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("journal", BatonCommand.display(journal));
        doc.put("mode", "remaining");
        doc.put("first_sequence", firstSequence);
        doc.put("skipped", skipped);
        doc.put("verified", read);
        doc.put("trust", trustDoc);
        doc.put("problem", problem);
        doc.put("broken", broken);
        doc.put("cut", cut);
        doc.put("unsealed", unsealed);
        doc.put("ok", ok());
        return doc;
    }

    /** @return checkpoints matched (for the trust line). */
    int checkpoints() {
        return checkpoints;
    }

    /** @return whether a problem was found. */
    boolean broken() {
        return broken != null;
    }
}
