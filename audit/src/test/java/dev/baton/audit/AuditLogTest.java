package dev.baton.audit;

import dev.baton.core.PolicyCompiler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link AuditLog} on a journal the real engine wrote ({@link AuditJournal}). */
class AuditLogTest {
    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static AuditJournal journal;

    @BeforeAll
    static void writeJournal() throws Exception {
        journal = AuditJournal.write(shared);
    }

    @Test
    void shouldReplayEveryRecordAndResolveNames() {
        final AuditLog log = AuditLog.read(journal.journal);
        assertNull(log.damage(), log::damage);
        assertEquals(23, log.records()); // two ARGUMENTS records: the refund slice and the refund amount
        assertEquals(11, log.decisions());
        assertEquals(0, log.mismatchCount());
        assertTrue(log.stoppedCleanly());
        assertEquals(journal.policy.versionId(), log.currentPolicy().versionId());
        assertEquals(1, log.policies().size());
        final long lastStop = dev.baton.engine.JournalScan.of(journal.journal).records() - 2; // then its SEAL
        assertEquals("records 0.." + lastStop + " (23 records)", log.cleanPrefix());

        final List<DecisionEntry> entries = log.entries();
        assertEquals(11, entries.size());
        final DecisionEntry delegation = entries.get(2);
        assertEquals(AuditJournal.CRM_DELEGATION, delegation.requestId());
        assertEquals("delegate", delegation.opName());
        assertEquals("spiffe://acme.example/agent/planner", delegation.presenter());
        assertEquals("spiffe://acme.example/agent/crm-reader", delegation.subject());
        assertEquals(List.of("crm.lookup:read"), delegation.granted().capabilities());
        assertEquals(List.of("customer_pii"), delegation.granted().data());
        assertEquals(journal.crm, delegation.grantId());
        assertTrue(delegation.createsGrant());
        final DecisionEntry denial = entries.get(5);
        assertEquals("NEVER_LEAVE", denial.reason());
        assertEquals("never_leave.customer_pii", denial.rule());
        assertEquals(107, denial.ruleAt().line());
        assertFalse(denial.createsGrant());
        assertEquals("user:fay@finance.acme.example", log.identityName(5));
        assertNull(log.identityName(999));
    }

    @Test
    void shouldKeepNoEntriesUnlessAskedAndReportProgressInRecords() {
        final List<long[]> calls = new ArrayList<>();
        final AuditLog log = AuditLog.read(journal.journal, false, (done, total) -> calls.add(new long[] {done, total}));
        assertTrue(log.entries().isEmpty());
        assertEquals(11, log.decisions());
        assertEquals(11, calls.size(), "one report per decision");
        for (int i = 1; i < calls.size(); i++) {
            assertTrue(calls.get(i)[0] > calls.get(i - 1)[0], "records read only grow");
        }
        final long total = dev.baton.engine.JournalScan.of(journal.journal).records();
        assertEquals(total, calls.get(0)[1], "the total is the journal's records, SEALs included");
        assertTrue(total > 23, "23 records and the SEALs of their batches");
        assertTrue(calls.get(calls.size() - 1)[0] <= total);
    }

    @Test
    void shouldReportTheCleanPrefixAndTheCutOfATruncatedJournal() throws Exception {
        final AuditJournal j = AuditJournal.write(dir);
        final Path file = j.dataFile();
        final int at = AuditJournal.indexOf(Files.readAllBytes(file), AuditJournal.LAST_REQUEST);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(at + 20);
        }
        final AuditLog log = AuditLog.read(j.journal);
        assertNotNull(log.cut());
        assertNull(log.broken(), log::broken);
        assertTrue(log.damage().startsWith("the journal ends in a cut record: the file " + file.getFileName()),
            log::damage);
        assertEquals(10, log.decisions());
        assertEquals(10, log.entries().size());
    }

    @Test
    void shouldRunTheExampleOfDocsCli() throws Exception {
        final Path dir = journal.journal;
        final StringWriter text = new StringWriter();
        final PrintWriter out = new PrintWriter(text);
        // As docs/cli.md shows it ("The audit library").
        final String problem = AuditLog.directoryProblem(dir);
        final AuditLog log = AuditLog.read(dir);
        final GrantChain chain = new GrantChain(log.entries());
        new ExplainText(out, chain).decision(chain.decision(4));
        DelegationDot.write(out, chain, null, chain.root(2));
        new JsonLinesExport(dir, Map.of("host", "test"), true).write(line -> {
            out.println(line);
            return true;
        });
        final WhatIf w = WhatIf.run(dir, PolicyCompiler.load(journal.policyFile), 10, ProgressListener.NONE);
        out.flush();
        assertNull(problem);
        assertNull(log.damage());
        assertTrue(text.toString().startsWith("decision 4: authorize"), text::toString);
        assertTrue(text.toString().contains("digraph baton {"), text::toString);
        assertEquals(23, text.toString().lines().filter(l -> l.contains("\"record_seq\":")).count(), text::toString);
        assertEquals(0, w.changes());
    }

    @Test
    void shouldSayWhatIsWrongWithAPathThatIsNoJournal() throws Exception {
        assertNull(AuditLog.directoryProblem(journal.journal));
        final Path missing = dir.resolve("missing");
        assertEquals("no such journal directory: " + missing, AuditLog.directoryProblem(missing));
        final Path file = Files.writeString(dir.resolve("file"), "x");
        assertTrue(AuditLog.directoryProblem(file).startsWith(file + " is not a directory"));
        assertTrue(AuditLog.directoryProblem(dir).startsWith(dir + " holds no journal files (*.cq4)"));
    }
}
