package dev.baton.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code baton analyze} and {@code baton diff} on the example policy. */
class AnalysisCommandsTest {
    private static final Path EXAMPLE = CommandRun.repoRoot().resolve("src/policies/refund-dispute.yaml");
    private static final String CRM_CEILING = "capabilities: [\"crm.lookup:*\", \"ticket.update:read\", \"kb.search:read\","
        + " \"doc.summarize:summarize\",";

    @TempDir
    Path dir;

    @Test
    void shouldNameExactlyTheWidenedCeilingWithAWitnessAndExitNonZero() throws IOException {
        final String text = Files.readString(EXAMPLE);
        assertTrue(text.contains(CRM_CEILING), "the example policy still has the crm-reader ceiling this test widens");
        final Path widened = dir.resolve("widened.yaml");
        Files.writeString(widened, text.replace(CRM_CEILING, CRM_CEILING + " \"ledger.read:read\","));

        final CommandRun run = CommandRun.of("diff", EXAMPLE.toString(), widened.toString());

        assertEquals(BatonCommand.FAILED, run.code(), run.err());
        final List<String> changes = run.outLines().stream().filter(l -> l.startsWith("WIDENS") || l.startsWith("narrows"))
            .toList();
        assertFalse(changes.isEmpty(), run.out());
        for (final String change : changes) {
            assertTrue(change.startsWith("WIDENS  NOW_REACHABLE: crm-reader [acme.example] ledger.read:read with "),
                change);
        }
        final List<String> witnesses = run.outLines().stream().filter(l -> l.trim().startsWith("witness:")).toList();
        assertEquals(changes.size(), witnesses.size(), run.out());
        for (final String w : witnesses) {
            assertTrue(w.contains("planner -> crm-reader carrying ledger.read:read"), w);
        }
        assertTrue(run.out().endsWith(changes.size() + " changes, " + changes.size() + " widenings" + System.lineSeparator()),
            run.out());
    }

    @Test
    void shouldExitZeroWhenAVersionOnlyNarrows() throws IOException {
        final String text = Files.readString(EXAMPLE);
        final Path narrowed = dir.resolve("narrowed.yaml");
        Files.writeString(narrowed, text.replace(CRM_CEILING, CRM_CEILING.replace(" \"ticket.update:read\",", "")));

        final CommandRun run = CommandRun.of("diff", "--format", "json", EXAMPLE.toString(), narrowed.toString());

        assertEquals(BatonCommand.OK, run.code(), run.out() + run.err());
        assertFalse(run.outLines().isEmpty(), "removing a capability the crm-reader could hold is a change");
        for (final String line : run.outLines()) {
            assertTrue(line.startsWith("{\"kind\":\"NO_LONGER_REACHABLE\",\"widening\":false"), line);
            assertTrue(line.contains("\"agent\":\"crm-reader\"") && line.contains("\"capability\":\"ticket.update:read\""), line);
        }
    }

    @Test
    void shouldReportNoChangeForTheSamePolicy() {
        final CommandRun run = CommandRun.of("diff", EXAMPLE.toString(), EXAMPLE.toString());

        assertEquals(BatonCommand.OK, run.code(), run.err());
        assertEquals(List.of("0 changes, 0 widenings"), run.outLines());
    }

    @Test
    void shouldAnswerReachableWithAWitnessAndUnreachableWithTheCuttingRule() {
        final CommandRun pii = CommandRun.of("analyze", EXAMPLE.toString(), "--agent", "summariser",
            "--capability", "doc.summarize:summarize", "--data", "customer_pii");
        assertEquals(BatonCommand.OK, pii.code(), pii.err());
        assertTrue(pii.out().startsWith("unreachable: never_leave.customer_pii ("), pii.out());

        final CommandRun mail = CommandRun.of("analyze", EXAMPLE.toString(), "--agent", "crm-reader",
            "--capability", "mail.send:send", "--data", "customer_pii", "--format", "json");
        assertEquals(BatonCommand.OK, mail.code(), mail.err());
        assertTrue(mail.out().startsWith("{\"reachable\":true,\"only_through_review\":true,"), mail.out());
        assertTrue(mail.out().contains("planner -> crm-reader [review] carrying mail.send:send / customer_pii"),
            mail.out());
        assertTrue(mail.err().contains("analysed in "), mail.err());
    }

    @Test
    void shouldPrintATableRowPerReachedAgentAndJsonThatParsesAsOneObject() {
        final CommandRun table = CommandRun.of("analyze", EXAMPLE.toString());
        assertEquals(BatonCommand.OK, table.code(), table.err());
        assertTrue(table.outLines().stream().anyMatch(l -> l.startsWith("open refund-dispute at planner")
            && l.contains(" payments ") && l.contains("review: ledger.pay:purchase ledger.refund:refund")), table.out());

        final CommandRun json = CommandRun.of("analyze", EXAMPLE.toString(), "--format", "json");
        assertEquals(BatonCommand.OK, json.code(), json.err());
        assertTrue(json.out().startsWith("{\"policy\":") && json.out().trim().endsWith("]}"), json.out());
        assertEquals(table.outLines().size() - 1, json.outLines().size() - 2, "one JSON row per table row");
    }

    @Test
    void shouldRefuseAnUnknownAgentAndAnInvalidPolicyWithUsage() throws IOException {
        final CommandRun unknown = CommandRun.of("analyze", EXAMPLE.toString(), "--agent", "mailer");
        assertEquals(BatonCommand.USAGE, unknown.code());
        assertTrue(unknown.err().contains("mailer"), unknown.err());

        final Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "version: 1\n");
        final CommandRun invalid = CommandRun.of("diff", EXAMPLE.toString(), bad.toString());
        assertEquals(BatonCommand.USAGE, invalid.code());
        assertTrue(invalid.err().contains("is not a valid policy"), invalid.err());
    }
}
