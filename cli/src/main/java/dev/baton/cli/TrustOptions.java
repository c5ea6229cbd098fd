package dev.baton.cli;

import dev.baton.audit.AuditLog;
import dev.baton.engine.JournalTrust;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The options that say what a journal is checked against beyond its own structure: {@code --journal-key},
 * {@code --anchor} and {@code --public-key} (docs/durability.md, "Tamper evidence"). A picocli mixin.
 * <p>
 * <b>Note:</b> not thread-safe (picocli fills it); {@link #trust} allocates the key copies once.
 */
final class TrustOptions {
    @Option(names = "--journal-key", paramLabel = "FILE",
        description = "The journal key file (raw bytes, at least 32): also check every SEAL's mac, so that a "
            + "journal rewritten without the key is named FORGED. The key is never printed.")
    Path journalKey;

    @Option(names = "--anchor", paramLabel = "FILE",
        description = "The engine's checkpoint anchor file (outside the journal directory): also check the "
            + "journal against every signed checkpoint in it (needs --public-key).")
    Path anchor;

    @Option(names = "--public-key", paramLabel = "FILE",
        description = "The Ed25519 public key (X.509 DER) that verifies the --anchor's checkpoints: all an "
            + "auditor needs to find a rewrite, a dropped or reordered record, or a tail cut before the last "
            + "checkpoint.")
    Path publicKey;

    /**
     * @param command the command's name, for messages.
     * @param err     where a usage problem is said.
     * @return the trust the options ask for ({@link JournalTrust#none()} when none is given), or null after
     *     saying on {@code err} what is wrong.
     */
    JournalTrust trust(final String command, final PrintWriter err) {
        if ((anchor == null) != (publicKey == null)) {
            err.println("baton " + command + ": " + (anchor == null ? "--public-key needs --anchor FILE (the "
                + "checkpoint file it verifies)" : "--anchor needs --public-key FILE (the Ed25519 public key "
                + "that verifies its checkpoints)"));
            return null;
        }
        try {
            JournalTrust trust = JournalTrust.none();
            if (journalKey != null) {
                final byte[] key = JournalTrust.readJournalKey(journalKey);
                trust = trust.journalKey(key);
                Arrays.fill(key, (byte) 0);
            }
            if (anchor != null) {
                final PublicKey key = JournalTrust.readPublicKey(publicKey);
                if (!Files.isRegularFile(anchor)) {
                    err.println("baton " + command + ": no such checkpoint anchor file: " + anchor);
                    return null;
                }
                trust = trust.checkpoints(anchor, key);
            }
            return trust;
        } catch (final UncheckedIOException | IllegalArgumentException e) {
            err.println("baton " + command + ": " + e.getMessage());
            return null;
        }
    }

    /** @return whether a journal key or an anchor was given: something that can anchor a chain. */
    boolean anchors() {
        return journalKey != null || anchor != null;
    }

    /** @return one line saying what the journal was checked against, and what the checkpoints gave. */
    String describe(final AuditLog log) {
        return describe(log.checkpointsVerified(), log.broken() != null);
    }

    /** @return one line saying what the journal was checked against, given what the checkpoints gave. */
    String describe(final int checkpointsVerified, final boolean broken) {
        final String key = journalKey == null ? "no journal key (SEAL macs not checked)"
            : "journal key " + BatonCommand.display(journalKey) + " (every SEAL's mac checked)";
        final String checkpoints = anchor == null ? "no anchor (checkpoints not checked)"
            : checkpointsVerified + " signed checkpoint" + (checkpointsVerified == 1 ? "" : "s")
                + " of " + BatonCommand.display(anchor) + " verified" + (broken ? " before the problem" : "");
        return key + "; " + checkpoints;
    }

    /** @return the {@code trust} object of the JSON reports (schema in docs/cli.md). */
    Map<String, Object> json(final AuditLog log) {
        return json(log.checkpointsVerified(), log.broken() != null);
    }

    /** @return the {@code trust} object of the JSON reports, given what the checkpoints gave. */
    Map<String, Object> json(final int checkpointsVerified, final boolean broken) {
        final Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("journal_key", journalKey != null);
        doc.put("anchor", anchor == null ? null : BatonCommand.display(anchor));
        doc.put("checkpoints_verified", checkpointsVerified);
        doc.put("checkpoints", anchor == null ? "not_checked" : broken ? "failed" : "verified");
        return doc;
    }
}
