package dev.baton.cli;

import dev.baton.fleet.EmbeddedBroker;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code baton demo --fleet 3 --kafka} end to end (on a broker this test starts on 127.0.0.1: three engine
 * processes, the crossing chain, the audit of the shipped journals), then {@code baton replay} and
 * {@code baton explain} of the fleet from the topic and from the directories it left, with the auditor's
 * keys and with a wrong journal key. (The demo's own embedded broker is the same {@link EmbeddedBroker}.)
 */
class FleetCommandsTest {
    private static final String SUMMARY = "fleet: engines=3 decisions=(\\d+) revocation_p50_ms=(\\d+)"
        + " revocation_p99_ms=(\\d+) shipped=(\\d+) audit=(ok|FAILED)";

    @Test
    @Tag("slow")
    void shouldRunAFleetOfThreeEngineProcessesAndAuditTheirShippedJournals(@TempDir final Path dir) throws IOException {
        try (EmbeddedBroker broker = EmbeddedBroker.start(dir.resolve("kafka"))) {
            runAndAudit(dir, broker.bootstrap());
        }
    }

    /** The demo on the cluster at {@code bootstrap} (--kafka: the embedded broker is this test's), then the audits. */
    private static void runAndAudit(final Path dir, final String bootstrap) throws IOException {
        final Path fleet = dir.resolve("fleet");
        final CommandRun run = CommandRun.of("demo", "--fleet", "3", "--kafka", bootstrap, "--decisions", "3000",
            "--journal", fleet.toString(), "--workload",
            CommandRun.repoRoot().resolve("src/scenarios/orchestrator.yaml").toString());
        assertEquals(0, run.code(), run.toString());
        final String name = run.out().replaceAll("(?s).*, fleet (baton-demo-[a-z0-9]+): topics.*", "$1");
        assertTrue(name.startsWith("baton-demo-"), run.out());
        final CommandRun fromTopic = CommandRun.of("replay", "--kafka", bootstrap, "--fleet", name, "--fleet-keys",
            fleet.toString());
        assertEquals(0, fromTopic.code(), fromTopic.toString());
        assertTrue(fromTopic.out().matches("(?s).*journal topic " + name + ".journal.*engine 3: [\\d,]+ records, [\\d,]+"
            + " decisions, [1-9]\\d* signed checkpoints; chain verified; replay matches.*every chain verified and"
            + " replayed.*verdict   OK.*"), fromTopic.out());
        final List<String> lines = run.outLines();
        final String last = lines.get(lines.size() - 1);
        assertTrue(last.matches(SUMMARY), last);
        final long decisions = Long.parseLong(last.replaceAll(".* decisions=(\\d+) .*", "$1"));
        assertTrue(decisions >= 3000 && decisions < 3100, "the workload's 3,000 and the chain's: " + decisions);
        assertTrue(last.endsWith(" audit=ok"), last);
        final long shipped = Long.parseLong(last.replaceAll(".* shipped=(\\d+) .*", "$1"));
        assertTrue(shipped > 3000, "records and SEALs shipped: " + shipped);
        assertTrue(run.out().matches("(?s).*revocations\\s+[1-9][\\d,]* applied at engines other than.*"), run.out());
        for (int id = 1; id <= 3; id++) {
            assertTrue(run.out().contains("engine " + id + ": 1,000 decisions, every expectation met"), run.out());
            assertTrue(run.out().matches("(?s).*engine " + id + ": [\\d,]+ records, 1,00\\d decisions, [1-9]\\d* signed"
                + " checkpoints; chain verified; replay matches.*"), run.out());
        }

        assertTrue(run.out().matches("(?s).*engine 3  delegate on B's warrant, crm-reader -> partner summariser\\s+ALLOW.*"
            + "engine 2  authorize on its warrant once the feed has it\\s+DENY REVOKED.*"
            + "engine 3  authorize on its warrant once the feed has it\\s+DENY REVOKED.*both refused: yes.*"), run.out());
        assertTrue(run.out().matches("(?s).*explain .*engine 1  decision \\d+  open grant \\d+ \\(root\\).*"
            + "engine 2  decision \\d+  delegate grant \\d+ \\(parent: engine 1's grant.*"
            + "engine 3  decision \\d+  delegate grant \\d+ \\(parent: engine 2's grant.*"
            + "ended by: engine 1 decision \\d+, close of grant.*DENY REVOKED.*"), run.out());
        final String grandchild = run.out().replaceAll("(?s).*engine 3  decision \\d+  delegate grant (\\d+) .*", "$1");
        final CommandRun explain = CommandRun.of("explain", "--kafka", bootstrap, "--fleet", name, "--fleet-keys",
            fleet.toString(), "3:" + grandchild);
        assertEquals(0, explain.code(), explain.toString());
        assertTrue(explain.out().matches("(?s).*\\(root\\).*parent: engine 1's grant.*parent: engine 2's grant.*"
            + "ended by: engine 1 .*close.*"), explain.out());
        assertTrue(explain.out().matches("(?s).*applied at engine 2: FOREIGN_REVOCATION record \\d+ at .*"
            + "applied at engine 3: FOREIGN_REVOCATION record \\d+ at [^,]+, [1-9]\\d* local grants ended.*"),
            "each engine journaled the root's revocation: " + explain.out());

        final CommandRun replay = CommandRun.of("replay", "--fleet-dir", fleet.toString(), "--fleet-keys", fleet.toString());
        assertEquals(0, replay.code(), replay.toString());
        assertTrue(replay.out().contains("every chain verified and replayed"), replay.out());

        final Path wrong = dir.resolve("wrong");
        Files.createDirectories(wrong.resolve("keys"));
        for (int id = 1; id <= 3; id++) {
            final byte[] key = Files.readAllBytes(fleet.resolve("keys/engine-" + id + ".journal.key"));
            key[0] ^= (byte)(id == 2 ? 1 : 0);
            Files.write(wrong.resolve("keys/engine-" + id + ".journal.key"), key);
        }
        final CommandRun forged = CommandRun.of("replay", "--fleet-dir", fleet.toString(), "--fleet-keys", wrong.toString());
        assertEquals(1, forged.code(), forged.toString());
        assertTrue(forged.out().matches("(?s).*engine 2: .*chain BROKEN: .*FORGED.*"), forged.out());
        assertTrue(forged.out().matches("(?s).*engine 1: .*chain verified.*"), forged.out());
    }

    @Test
    void shouldRefuseAFleetAuditWithoutOneSourceAndAFleetDemoWithoutACount(@TempDir final Path dir) {
        final CommandRun none = CommandRun.of("replay", "--fleet", "f");
        assertEquals(2, none.code(), none.toString());
        assertTrue(none.err().contains("a fleet is read with --kafka HOST:PORT --fleet NAME, or with --fleet-dir DIR"),
            none.err());
        final CommandRun both = CommandRun.of("replay", dir.toString(), "--fleet-dir", dir.toString());
        assertEquals(2, both.code(), both.toString());
        assertTrue(both.err().contains("not both"), both.err());
        final CommandRun missing = CommandRun.of("replay", "--fleet-dir", dir.resolve("nothing").toString());
        assertEquals(2, missing.code(), missing.toString());
        assertTrue(missing.err().contains("no fleet directory at"), missing.err());
        final CommandRun kafkaAlone = CommandRun.of("demo", "--kafka", "127.0.0.1:9");
        assertEquals(2, kafkaAlone.code(), kafkaAlone.toString());
        assertTrue(kafkaAlone.err().contains("--kafka goes with --fleet"), kafkaAlone.err());
    }
}
