package dev.baton.cli;

import dev.baton.cli.fleet.FleetSource;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The options that point {@code replay} and {@code explain} at a whole fleet's journals instead of one
 * journal directory: {@code --kafka HOST:PORT --fleet NAME} (the shipped journals in the fleet's journal
 * topic) or {@code --fleet-dir DIR} (one {@code engine-N} journal directory per engine), and
 * {@code --fleet-keys DIR} (the auditor's keys, in {@code DIR/keys}). A picocli mixin.
 * <p>
 * <b>Note:</b> not thread-safe (picocli fills it).
 */
final class FleetOptions {
    @Option(names = "--kafka", paramLabel = "HOST:PORT", description = "Audit a fleet: read every engine's shipped "
        + "journal (records and signed checkpoints) from the journal topic of --fleet NAME at these bootstrap servers.")
    String kafka;

    @Option(names = "--fleet", paramLabel = "NAME", description = "With --kafka: the fleet's name (its topics are "
        + "NAME.journal, ...; baton demo --fleet prints it).")
    String fleet;

    @Option(names = "--fleet-dir", paramLabel = "DIR", description = "Audit a fleet: one journal directory per engine, "
        + "DIR/engine-N (as baton demo --fleet leaves them); anchors DIR/engine-N.anchor.")
    Path fleetDir;

    @Option(names = "--fleet-keys", paramLabel = "DIR", description = "With a fleet: the auditor's keys, "
        + "DIR/keys/engine-N.journal.key (SEAL macs) and DIR/keys/engine-N.checkpoint.pub (signed checkpoints).")
    Path keys;

    /** @return whether a fleet was asked for. */
    boolean present() {
        return kafka != null || fleet != null || fleetDir != null || keys != null;
    }

    /** @return the fleet to read, or null after saying on {@code err} what is wrong. */
    FleetSource source(final String command, final PrintWriter err) {
        final String problem = fleetDir != null && kafka != null ? "--fleet-dir and --kafka are two sources: give one"
            : fleetDir == null && (kafka == null || fleet == null) ? "a fleet is read with --kafka HOST:PORT --fleet NAME,"
                + " or with --fleet-dir DIR"
            : fleetDir != null && !Files.isDirectory(fleetDir) ? "no fleet directory at " + fleetDir
            : keys != null && !Files.isDirectory(keys.resolve("keys")) ? "no keys directory at " + keys.resolve("keys")
            : null;
        if (problem != null) {
            err.println("baton " + command + ": " + problem);
            return null;
        }
        return new FleetSource(kafka, fleet, fleetDir, keys);
    }
}
