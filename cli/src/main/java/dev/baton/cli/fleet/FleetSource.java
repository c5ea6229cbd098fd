package dev.baton.cli.fleet;

import dev.baton.engine.JournalTrust;
import dev.baton.fleet.FleetConfig;
import dev.baton.fleet.FleetJournals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Where a fleet audit reads the engines' journals: the fleet's journal topic ({@code --kafka HOST:PORT
 * --fleet NAME}: every engine's shipped records and signed checkpoints), or a fleet directory
 * ({@code --fleet-dir DIR}: one journal directory per engine, {@code engine-N}, as {@code baton demo
 * --fleet} leaves them). The auditor's keys, when it holds them, are read from {@code keys/} of the
 * directory {@code keys} names ({@code engine-N.journal.key}, {@code engine-N.checkpoint.pub}); with a
 * fleet directory, each engine's anchor is {@code engine-N.anchor} beside its journal.
 *
 * @param kafka bootstrap servers, or null.
 * @param fleet the fleet name (topic prefix), with {@code kafka}.
 * @param dir   a fleet directory, or null.
 * @param keys  the directory holding {@code keys/}, or null for no key (chains and heads only).
 */
public record FleetSource(String kafka, String fleet, Path dir, Path keys) {
    /**
     * Reads and audits every engine, and hands the audit to {@code use} while the journal directories it
     * read are there (from the topic, they are written to a scratch directory, deleted afterwards).
     *
     * @param keepEntries keep every decision (for explain).
     * @param use         what to do with the audit.
     * @param <T>         what {@code use} returns.
     * @return what {@code use} returned.
     * @throws UncheckedIOException if a directory cannot be read or written.
     */
    public <T> T audit(final boolean keepEntries, final Function<FleetAudit, T> use) {
        if (dir != null) {
            final Map<Integer, Path> dirs = engineDirs(dir);
            final Map<Integer, JournalTrust> trusts = new TreeMap<>();
            for (final int id : dirs.keySet()) {
                trusts.put(id, trust(id));
            }
            return use.apply(FleetAudit.ofDirectories(dirs, trusts, keepEntries));
        }
        final Path scratch;
        try {
            scratch = Files.createTempDirectory("baton-fleet-audit");
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot create a scratch directory", e);
        }
        try {
            return use.apply(FleetAudit.of(FleetJournals.read(FleetConfig.of(kafka, fleet, 0)), auditorKeys(), scratch,
                keepEntries));
        } finally {
            delete(scratch);
        }
    }

    /** @return where it reads from, for the report. */
    public String describe() {
        return dir != null ? "fleet directory " + dir : "journal topic " + fleet + ".journal at " + kafka;
    }

    private JournalTrust trust(final int id) {
        final EngineFiles files = new EngineFiles(keys == null ? dir : keys, id);
        JournalTrust trust = JournalTrust.none();
        if (keys != null && Files.isRegularFile(files.journalKey())) {
            trust = trust.journalKey(JournalTrust.readJournalKey(files.journalKey()));
        }
        final Path anchor = new EngineFiles(dir, id).anchor();
        if (keys != null && Files.isRegularFile(files.publicKey()) && Files.isRegularFile(anchor)) {
            trust = trust.checkpoints(anchor, JournalTrust.readPublicKey(files.publicKey()));
        }
        return trust;
    }

    private FleetAudit.Keys auditorKeys() {
        return new FleetAudit.Keys() {
            @Override
            public byte[] journalKey(final int engineId) {
                final Path f = keys == null ? null : new EngineFiles(keys, engineId).journalKey();
                return f != null && Files.isRegularFile(f) ? JournalTrust.readJournalKey(f) : null;
            }

            @Override
            public PublicKey checkpointKey(final int engineId) {
                final Path f = keys == null ? null : new EngineFiles(keys, engineId).publicKey();
                return f != null && Files.isRegularFile(f) ? JournalTrust.readPublicKey(f) : null;
            }
        };
    }

    /** @return the {@code engine-N} journal directories of a fleet directory, by N. */
    static Map<Integer, Path> engineDirs(final Path dir) {
        final Map<Integer, Path> dirs = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(Files::isDirectory).forEach(p -> {
                final String name = p.getFileName().toString();
                if (name.matches(EngineFiles.PREFIX + "\\d{1,9}")) {
                    dirs.put(Integer.parseInt(name.substring(EngineFiles.PREFIX.length())), p);
                }
            });
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot list the fleet directory " + dir, e);
        }
        return dirs;
    }

    private static void delete(final Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (final Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot delete the scratch directory " + dir, e);
        }
    }
}
