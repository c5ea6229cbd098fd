package dev.baton.cli;

import dev.baton.audit.AuditJournal;
import dev.baton.core.CompiledPolicy;
import dev.baton.core.PolicyCompiler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code what-if --shadow}, {@code explain} and {@code replay} on a journal whose engine ran a narrowed
 * candidate (the CRM reader without customer_pii) in shadow mode from its start.
 */
class ShadowCommandsTest {
    @TempDir
    static Path shared;

    private static AuditJournal journal;

    @BeforeAll
    static void writeJournal() throws Exception {
        final Path policy = AuditJournal.repoRoot().resolve("src/policies/refund-dispute.yaml");
        final String text = Files.readString(policy);
        final String from = "      data: [public, internal, customer_pii]\n    delegates_to: [summariser]";
        assertTrue(text.contains(from));
        final Path narrowed = Files.createDirectories(shared.resolve("candidate")).resolve("narrowed.yaml");
        Files.writeString(narrowed, text.replace(from, "      data: [public, internal]\n    delegates_to: [summariser]")
            .replace("version: \"2026-11-23.1\"", "version: \"2026-12-01.1\""));
        final CompiledPolicy candidate = PolicyCompiler.load(narrowed);
        journal = AuditJournal.write(Files.createDirectories(shared.resolve("run")), c -> c.shadow(candidate));
    }

    @Test
    void shouldCountAgreementsByReasonAndDisagreementsByChange() {
        final CommandRun run = CommandRun.of("what-if", journal.journal.toString(), "--shadow");
        assertEquals(BatonCommand.OK, run.code(), run::toString);
        final String out = run.out();
        assertTrue(out.contains("attached 2026-12-01.1 ("), run::toString);
        // 11 decisions, all compared (the task was opened after the attach): the candidate refuses the CRM
        // delegation, so every later request on that grant is refused UNKNOWN_GRANT under it: the allowed
        // call and the revocation disagree in outcome, the two denied calls in reason.
        assertTrue(out.contains("compared  11 decisions: 6 agree, 5 disagree"), run::toString);
        assertTrue(run.outLines().stream().anyMatch(l -> l.matches("  ALLOW ALLOWED -> DENY AGENT_CEILING +1")),
            run::toString);
        assertTrue(run.outLines().stream().anyMatch(l -> l.matches("  ALLOW ALLOWED -> DENY UNKNOWN_GRANT +2")),
            run::toString);
        assertTrue(out.contains("decision 2 (request " + AuditJournal.CRM_DELEGATION + ")"), run::toString);
        assertTrue(out.contains("shadow  DENY AGENT_CEILING, rule agents.crm-reader.ceiling (")
            && out.contains("narrowed.yaml:46:7) under 2026-12-01.1"), run::toString);
    }

    @Test
    void shouldExplainWhatTheCandidateDecidedInstead() {
        final CommandRun run = CommandRun.of("explain", journal.journal.toString(), "decision:2");
        assertEquals(BatonCommand.OK, run.code(), run::toString);
        assertTrue(run.out().contains("\nshadow\n  the candidate 2026-12-01.1 attached in shadow mode disagreed: DENY "
            + "AGENT_CEILING, rule agents.crm-reader.ceiling ("), run::toString);
        final CommandRun json = CommandRun.of("explain", journal.journal.toString(), "decision:2", "--format", "json");
        assertEquals(BatonCommand.OK, json.code(), json::toString);
        assertTrue(json.out().contains("\"shadow\":{\"candidate\":\"2026-12-01.1\",\"candidate_version\":\"")
            && json.out().contains("\"outcome\":\"DENY\",\"reason\":\"AGENT_CEILING\",\"rule\":"
            + "\"agents.crm-reader.ceiling (") && json.out().contains("\"change\":\"ALLOW ALLOWED -> DENY AGENT_CEILING\"}"),
            json::toString);
        final CommandRun agreed = CommandRun.of("explain", journal.journal.toString(), "decision:0");
        assertEquals(BatonCommand.OK, agreed.code(), agreed::toString);
        assertTrue(!agreed.out().contains("attached in shadow mode"), agreed::toString);
    }

    @Test
    void shouldReplayTheShadowRecordsAndRefuseAmbiguousUsage() {
        final CommandRun replay = CommandRun.of("replay", journal.journal.toString());
        assertEquals(BatonCommand.OK, replay.code(), replay::toString);
        assertTrue(replay.out().contains("11 of 11 decisions reproduced exactly"), replay::toString);
        assertTrue(replay.out().contains("shadow    5 disagreements of a candidate policy in shadow mode reproduced "
            + "exactly"), replay::toString);
        final CommandRun neither = CommandRun.of("what-if", journal.journal.toString());
        assertEquals(BatonCommand.USAGE, neither.code(), neither::toString);
        assertTrue(neither.err().contains("give either --policy NEW"), neither::toString);
    }
}
