package dev.baton.cli;

import dev.baton.audit.AuditJournal;
import dev.baton.core.CompiledPolicy;
import dev.baton.core.PolicyCompiler;
import dev.baton.engine.DecisionRecord;
import dev.baton.engine.JournaledEngine;
import dev.baton.engine.EngineConfig;
import dev.baton.engine.FsyncMode;
import dev.baton.engine.JournalReader;
import dev.baton.engine.RecordType;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.RandomAccessFile;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code replay}, {@code explain}, {@code what-if} and {@code export} on journals a test wrote. */
class JournalCommandsTest {
    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static AuditJournal journal;

    @BeforeAll
    static void writeJournal() throws Exception {
        journal = AuditJournal.write(shared);
    }

    private static String journalDir() {
        return journal.journal.toString();
    }

    /** @return the sequence of the DECISION record carrying {@code requestId}. */
    private static long sequenceOf(final Path dir, final long requestId) {
        final DecisionRecord record = new DecisionRecord();
        final long[] found = {-1};
        try (JournalReader reader = new JournalReader(dir)) {
            reader.read((seq, type, body, offset, length) -> {
                if (type == RecordType.DECISION && record.wrap(body, offset, length) && record.requestId() == requestId) {
                    found[0] = seq;
                    return false;
                }
                return true;
            });
        }
        return found[0];
    }

    @Test
    void shouldReplayCleanJournalAndCountDecisionsByOutcomeAndReason() {
        final CommandRun run = CommandRun.of("replay", journalDir());
        assertEquals(BatonCommand.OK, run.code(), run::toString);
        assertTrue(run.out().contains("23 records, 11 decisions, 1 policy version"), run::toString);
        assertTrue(run.out().contains("chain     ok"), run::toString);
        assertTrue(run.out().contains("11 of 11 decisions reproduced exactly"), run::toString);
        assertTrue(run.out().contains("(100.0%)"), run::toString);
        assertTrue(run.outLines().stream().anyMatch(l -> l.matches("  ALLOW +ALLOWED +6")), run::toString);
        assertTrue(run.outLines().stream().anyMatch(l -> l.matches(
            "  DENY +NEVER_LEAVE +1  never_leave\\.customer_pii \\(.*refund-dispute\\.yaml:107:15\\)")), run::toString);
        assertTrue(run.outLines().stream().anyMatch(l -> l.matches("  REVIEW +REVIEW_REQUIRED +2  .*")), run::toString);
        assertTrue(run.out().contains("records/s"), run::toString);
        assertTrue(run.out().contains("verdict   OK"), run::toString);
        assertEquals("", run.err(), "no progress bar without a terminal");
    }

    @Test
    void shouldNameFirstBrokenRecordWhenByteFlipped() throws Exception {
        final AuditJournal j = AuditJournal.write(dir);
        final long broken = sequenceOf(j.journal, AuditJournal.CRM_DELEGATION);
        final Path file = j.dataFile();
        final int at = AuditJournal.indexOf(Files.readAllBytes(file), AuditJournal.CRM_DELEGATION);
        assertTrue(broken > 0 && at > 0);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(at + 1);
            final int b = raf.read();
            raf.seek(at + 1);
            raf.write(b ^ 0x10);
        }
        final long[] prefix = prefixBefore(file, broken);
        final CommandRun run = CommandRun.of("replay", j.journal.toString());
        assertEquals(BatonCommand.FAILED, run.code(), run::toString);
        assertTrue(run.out().contains("chain     BROKEN at record " + broken + " (sequence " + broken
            + "): its CRC does not match its content: the record was altered"), run::toString);
        assertTrue(run.out().contains("Records 0.." + prefix[1] + " (" + prefix[0] + " records) verify"), run::toString);
        assertTrue(run.out().contains("verdict   FAILED"), run::toString);
        assertFalse(run.err().contains("Exception"), run::toString);
    }

    @Test
    void shouldReportCleanPrefixAndCutWhenTruncatedMidRecord() throws Exception {
        final AuditJournal j = AuditJournal.write(dir);
        final long last = sequenceOf(j.journal, AuditJournal.LAST_REQUEST);
        final Path file = j.dataFile();
        final int at = AuditJournal.indexOf(Files.readAllBytes(file), AuditJournal.LAST_REQUEST);
        final long[] prefix = prefixBefore(file, last);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(at + 20); // inside the last DECISION record: its requestId is in its header
        }
        final CommandRun run = CommandRun.of("replay", j.journal.toString());
        assertEquals(BatonCommand.FAILED, run.code(), run::toString);
        assertTrue(run.out().contains("chain     CUT: clean prefix of records 0.." + prefix[1] + " (" + prefix[0]
            + " records); the file " + file.getFileName() + " ends at byte " + (at + 20)
            + ", inside a document that starts at byte "), run::toString);
        assertTrue(run.out().contains("the journal was truncated"), run::toString);
        assertTrue(run.out().contains(" 10 of 10 decisions reproduced exactly"), run::toString);
        assertTrue(run.out().contains("verdict   FAILED"), run::toString);
    }

    @Test
    void shouldSayWhetherJournalEndsWithCleanStopOrWasCutByACrash() throws Exception {
        final CommandRun clean = CommandRun.of("replay", journalDir());
        assertTrue(clean.out().contains("ends      clean STOP: the engine closed the journal"), clean::toString);

        final AuditJournal j = AuditJournal.write(dir);
        final List<Long> docs = dataDocuments(j.dataFile());
        final long[] all = prefixBefore(j.dataFile(), Long.MAX_VALUE);
        writeHeader(j.dataFile(), docs.get(docs.size() - 1), 0); // the STOP's SEAL torn as by a kill: header still 0
        final CommandRun crashed = CommandRun.of("replay", j.journal.toString());
        assertEquals(BatonCommand.OK, crashed.code(), crashed::toString);
        assertTrue(crashed.out().contains((all[0] - 1) + " records, 11 decisions"), crashed::toString);
        assertTrue(crashed.out().contains("ends      no STOP record: the engine was killed (a crash) after the last "
            + "record, or is still writing"), crashed::toString);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 9})
    void shouldFailReplayNamingARecordMarkedNotCompleteThatRecordsFollow(final int record) throws Exception {
        final AuditJournal j = AuditJournal.write(dir);
        final Path file = j.dataFile();
        final List<Long> docs = dataDocuments(file);
        final long at = docs.get(record);
        final long first = firstSequence(file, at);
        final long[] prefix = prefixBefore(file, first);
        writeHeader(file, at, readHeader(file, at) | 0x8000_0000);
        final CommandRun run = CommandRun.of("replay", j.journal.toString());
        assertEquals(BatonCommand.FAILED, run.code(), run::toString);
        assertTrue(run.out().contains(" " + prefix[0] + " records"), run::toString);
        assertTrue(run.out().contains("chain     BROKEN at record " + first + ": its document at byte " + at + " of "
            + file.getFileName() + " is marked not complete (header 0x8"), run::toString);
        assertTrue(run.out().contains("a complete record (sequence " + firstSequence(file, docs.get(record + 1))
            + ") follows it"), run::toString);
        assertFalse(run.out().contains("ends "), run::toString);
        assertTrue(run.out().contains("verdict   FAILED"), run::toString);
    }

    @Test
    void shouldFailReplayOnEmptyOrGarbageQueueFile() throws Exception {
        final Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.createFile(empty.resolve("20261204F.cq4"));
        final CommandRun zero = CommandRun.of("replay", empty.toString());
        assertEquals(BatonCommand.FAILED, zero.code(), zero::toString);
        assertTrue(zero.out().contains("chain     BROKEN at record 0: 20261204F.cq4 is empty (0 bytes)"), zero::toString);
        assertTrue(zero.out().contains("verdict   FAILED"), zero::toString);

        final Path garbage = Files.createDirectories(dir.resolve("garbage"));
        final byte[] noise = new byte[1 << 16];
        new java.util.SplittableRandom(11).nextBytes(noise);
        noise[3] |= (byte) 0x80;
        Files.write(garbage.resolve("20261204F.cq4"), noise);
        final CommandRun random = CommandRun.of("replay", garbage.toString());
        assertEquals(BatonCommand.FAILED, random.code(), random::toString);
        assertTrue(random.out().contains("chain     BROKEN at record 0: 20261204F.cq4 does not begin with a Chronicle "
            + "Queue header"), random::toString);
    }

    @Test
    void shouldFailReplayNamingMissingRollCycleFiles() throws Exception {
        final Path journal = dir.resolve("cycles");
        final int[] cycle = {0};
        final RollCycle stepped = (RollCycle) Proxy.newProxyInstance(RollCycle.class.getClassLoader(),
            new Class<?>[] {RollCycle.class}, (proxy, method, args) -> method.getName().equals("current") ? cycle[0]
                : method.invoke(RollCycles.FAST_HOURLY, args));
        final CompiledPolicy policy = PolicyCompiler.load(CommandRun.repoRoot().resolve("src/policies/refund-dispute.yaml"));
        for (int run = 0; run < 3; run++, cycle[0]++) { // one engine run per cycle file
            JournaledEngine.start(new EngineConfig(policy, journal).fsync(FsyncMode.NONE, 0).rollCycle(stepped))
                .close();
        }
        final List<Path> files;
        try (Stream<Path> listed = Files.list(journal)) {
            files = listed.filter(f -> f.getFileName().toString().endsWith(".cq4")).sorted().toList();
        }
        assertEquals(3, files.size(), files::toString);
        assertEquals(BatonCommand.OK, CommandRun.of("replay", journal.toString()).code());

        final int first = records(files.get(0)).size();
        final int second = records(files.get(1)).size();
        Files.delete(files.get(1));
        final CommandRun middle = CommandRun.of("replay", journal.toString());
        assertEquals(BatonCommand.FAILED, middle.code(), middle::toString);
        assertTrue(middle.out().contains("chain     BROKEN at record " + first + ": " + files.get(2).getFileName()
            + " begins at sequence " + (first + second) + " where " + first + " was expected: the roll-cycle file(s)"
            + " holding records " + first + ".." + (first + second - 1) + ", between "
            + files.get(0).getFileName() + " and " + files.get(2).getFileName() + ", are missing"), middle::toString);

        Files.delete(files.get(0));
        final CommandRun gone = CommandRun.of("replay", journal.toString());
        assertEquals(BatonCommand.FAILED, gone.code(), gone::toString);
        assertTrue(gone.out().contains("chain     BROKEN at record 0: the first journal file, "
            + files.get(2).getFileName() + ", begins at sequence " + (first + second) + ", not 0: the roll-cycle"
            + " file(s) holding records 0.." + (first + second - 1) + " are missing"), gone::toString);
    }

    /**
     * @return {records handed out, sequence of the last one} of a journal read up to (not including) the
     *     batch holding sequence {@code stop}: a reader hands out only records whose SEAL verified.
     */
    private static long[] prefixBefore(final Path file, final long stop) throws Exception {
        final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        long count = 0;
        long last = -1;
        long batch = 0;
        long batchLast = -1;
        for (final long at : records(file)) {
            final long sequence = b.getLong((int) at + 8);
            if (sequence >= stop) {
                break;
            }
            if (b.getShort((int) at + 2) == RecordType.SEAL) {
                count += batch;
                last = batch > 0 ? batchLast : last;
                batch = 0;
            } else {
                batch++;
                batchLast = sequence;
            }
        }
        return new long[] {count, last};
    }

    /** @return the byte offsets of the records of a queue file, in order (a data document holds a sealed batch). */
    private static List<Long> records(final Path file) throws Exception {
        final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        final List<Long> out = new ArrayList<>();
        for (final long doc : dataDocuments(file)) {
            final long end = doc + 4 + (b.getInt((int) doc) & 0x3FFF_FFFF);
            for (long at = doc + 4; at < end; at += 20 + b.getInt((int) at + 4)) {
                out.add(at);
            }
        }
        return out;
    }

    /** @return the sequence of the first record of the document at {@code doc}. */
    private static long firstSequence(final Path file, final long doc) throws Exception {
        return ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN).getLong((int) doc + 4 + 8);
    }

    /** @return the byte offsets of the data documents (each a sealed batch of records) of a queue file, in order. */
    private static List<Long> dataDocuments(final Path file) throws Exception {
        final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        final List<Long> out = new ArrayList<>();
        int position = 0;
        int header;
        while (position + 4 <= b.limit() && (header = b.getInt(position)) != 0 && header > 0) {
            if ((header & 0x4000_0000) == 0) {
                out.add((long) position);
            }
            position = (position + 4 + (header & 0x3FFF_FFFF) + 3) & ~3;
        }
        return out;
    }

    private static int readHeader(final Path file, final long at) throws Exception {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            raf.seek(at);
            return Integer.reverseBytes(raf.readInt());
        }
    }

    private static void writeHeader(final Path file, final long at, final int header) throws Exception {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(at);
            raf.writeInt(Integer.reverseBytes(header));
        }
    }

    @Test
    void shouldRequireJournalPolicyVersionWhenPolicyGiven() throws Exception {
        final CommandRun same = CommandRun.of("replay", journalDir(), "--policy", journal.policyFile.toString());
        assertEquals(BatonCommand.OK, same.code(), same::toString);
        assertTrue(same.out().contains("policy    in force at the end: 2026-11-23.1"), same::toString);
        final CommandRun other = CommandRun.of("replay", journalDir(), "--policy", narrowedPolicy().toString());
        assertEquals(BatonCommand.FAILED, other.code(), other::toString);
        assertTrue(other.out().contains("policy    MISMATCH: in force at the end: 2026-11-23.1"), other::toString);
    }

    @Test
    void shouldExplainDenialWithChainReviewerRuleAndPolicyLine() {
        final CommandRun run = CommandRun.of("explain", journalDir(), "decision:4");
        assertEquals(BatonCommand.OK, run.code(), run::toString);
        final String out = run.out();
        assertTrue(out.startsWith("decision 4: authorize by spiffe://acme.example/agent/crm-reader"), run::toString);
        assertTrue(out.contains("principal    user:alice@acme.example opened the task for purpose refund-dispute"),
            run::toString);
        assertTrue(out.contains("hop 0        grant 1 held by spiffe://acme.example/agent/planner"), run::toString);
        assertTrue(out.contains("reviewer     user:fay@finance.acme.example approved"), run::toString);
        assertTrue(out.contains("hop 1        grant 2 held by spiffe://acme.example/agent/crm-reader, delegated by "
            + "spiffe://acme.example/agent/planner"), run::toString);
        assertTrue(out.contains("scope        crm.lookup:read; data customer_pii"), run::toString);
        assertTrue(out.contains("justification  (none given)"), run::toString);
        assertTrue(out.contains("DENY JUSTIFICATION_REQUIRED: the capability's tier requires a justification; "
            + "capability crm.lookup:read; data class customer_pii; rule tiers.sensitive at "), run::toString);
        assertTrue(out.contains("refund-dispute.yaml:156:3"), run::toString);
    }

    @Test
    void shouldExplainGrantWithItsCreationChainAndLaterActions() {
        final CommandRun run = CommandRun.of("explain", journalDir(), "grant:" + journal.crm);
        assertEquals(BatonCommand.OK, run.code(), run::toString);
        assertTrue(run.out().startsWith("grant " + journal.crm + ": created by decision 2 (delegate)"), run::toString);
        assertTrue(run.out().contains("later actions on grant " + journal.crm + ": 4"), run::toString);
        assertTrue(run.out().contains("revoke    grant " + journal.crm + ": ALLOW ALLOWED"), run::toString);
        assertTrue(run.out().contains("authorize crm.lookup:read on customer_pii: DENY REVOKED"), run::toString);
    }

    @Test
    void shouldNameTheRevokingDecisionWhenExplainingARevokedDenial() {
        final CommandRun run = CommandRun.of("explain", journalDir(), "decision:10");
        assertEquals(BatonCommand.OK, run.code(), run::toString);
        assertTrue(run.out().contains("DENY REVOKED: the grant or an ancestor was revoked"), run::toString);
        assertTrue(run.out().contains("revoked by   decision 9: revoke of grant " + journal.crm
            + " by spiffe://acme.example/agent/planner at " + JournalArgument.instant(AuditJournal.START + 6_000)
            + " (record "), run::toString);
        assertTrue(run.out().contains(", request 10)"), run::toString);
        final CommandRun revoke = CommandRun.of("explain", journalDir(), "decision:9");
        assertTrue(revoke.out().startsWith("decision 9: revoke by spiffe://acme.example/agent/planner"),
            revoke::toString);
        final CommandRun grant = CommandRun.of("explain", journalDir(), "grant:" + journal.crm);
        assertTrue(grant.out().contains("revoked by   decision 9: revoke of grant " + journal.crm
            + " by spiffe://acme.example/agent/planner"), grant::toString);
    }

    @Test
    void shouldPreferDecisionAndSayWhenIdIsAlsoAGrant() {
        final CommandRun run = CommandRun.of("explain", journalDir(), "2");
        assertEquals(BatonCommand.OK, run.code(), run::toString);
        assertTrue(run.out().startsWith("(2 is both a decision id and a grant id: showing decision 2 (write grant:2 "
            + "for the grant))"), run::toString);
        assertTrue(run.outLines().get(1).startsWith("decision 2: delegate"), run::toString);
    }

    @Test
    void shouldExplainWarrantByItsGrantId() {
        final String base64 = java.util.Base64.getEncoder().encodeToString(journal.crmWarrant);
        final CommandRun run = CommandRun.of("explain", journalDir(), "warrant:" + base64);
        assertEquals(BatonCommand.OK, run.code(), run::toString);
        assertTrue(run.out().contains("the warrant's grant id is " + journal.crm), run::toString);
        assertTrue(run.out().contains("grant " + journal.crm + ": created by decision 2"), run::toString);
    }

    @Test
    void shouldPrintDelegationTreeAsGraphviz() {
        final CommandRun run = CommandRun.of("explain", journalDir(), "decision:5", "--format", "dot");
        assertEquals(BatonCommand.OK, run.code(), run::toString);
        final List<String> lines = run.outLines();
        assertEquals("digraph baton {", lines.get(0));
        assertEquals("}", lines.get(lines.size() - 1));
        assertTrue(run.out().contains("principal -> g1 [label=\"decision 0 open\\nREVIEW REVIEW_REQUIRED"), run::toString);
        assertTrue(run.out().contains("g1 -> g2 [label=\"decision 2 delegate\\nALLOW ALLOWED\"]"), run::toString);
        assertTrue(run.out().contains("DENY NEVER_LEAVE\", shape=note"), run::toString);
        assertTrue(run.out().contains("subgraph cluster_legend {"), run::toString);
    }

    @Test
    void shouldRefuseUnknownIdWithRangesAndExitTwo() {
        final CommandRun run = CommandRun.of("explain", journalDir(), "grant:99");
        assertEquals(BatonCommand.USAGE, run.code(), run::toString);
        assertTrue(run.err().startsWith("baton explain: no grant 99 in "), run::toString);
        assertTrue(run.err().contains("decision ids 0..10; grant ids [1..3]"), run::toString);
        final CommandRun bad = CommandRun.of("explain", journalDir(), "grant:x");
        assertEquals(BatonCommand.USAGE, bad.code(), bad::toString);
        assertTrue(bad.err().contains("is not an id: give a decision id"), bad::toString);
    }

    @Test
    void shouldListDecisionsWhoseOutcomeChangesUnderNewPolicy() throws Exception {
        final CommandRun run = CommandRun.of("what-if", journalDir(), "--policy", narrowedPolicy().toString());
        assertEquals(BatonCommand.OK, run.code(), run::toString);
        final String out = run.out();
        assertTrue(out.contains("11 decisions recorded under 2026-11-23.1"), run::toString);
        assertTrue(out.contains("changes   3 decisions would change outcome (1 direct, 2 follow-on)"), run::toString);
        assertTrue(out.contains("2 more would keep their outcome for another reason"), run::toString);
        assertTrue(run.outLines().stream().anyMatch(l -> l.matches("  ALLOW -> DENY AGENT_CEILING +1")), run::toString);
        assertTrue(run.outLines().stream().anyMatch(l -> l.matches("  ALLOW -> DENY UNKNOWN_GRANT \\(follow-on\\) +2")),
            run::toString);
        assertTrue(out.contains("decision 2 (request " + AuditJournal.CRM_DELEGATION + ")"), run::toString);
        assertTrue(out.contains("was  ALLOW ALLOWED"), run::toString);
        assertTrue(out.contains("now  DENY AGENT_CEILING data=customer_pii rule=agents.crm-reader.ceiling (")
            && out.contains("narrowed.yaml:46:7)"), run::toString);
        assertTrue(out.contains("(follow-on: grant " + journal.crm + " was not created under 2026-12-01.1)"),
            run::toString);
    }

    @Test
    void shouldFindNoChangeUnderTheRecordedPolicyAndHonourLimit() {
        final CommandRun run = CommandRun.of("what-if", journalDir(), "--policy", journal.policyFile.toString(),
            "--limit", "0");
        assertEquals(BatonCommand.OK, run.code(), run::toString);
        assertTrue(run.out().contains("changes   0 decisions would change outcome (0 direct, 0 follow-on)"),
            run::toString);
        assertFalse(run.out().contains("first "), run::toString);
    }

    @Test
    void shouldExportOneJsonObjectPerDecisionAndSystemRecordsOnRequest() {
        final CommandRun run = CommandRun.of("export", journalDir(), "--format", "jsonl", "--label", "region=eu");
        assertEquals(BatonCommand.OK, run.code(), run::toString);
        final List<String> lines = run.outLines();
        assertEquals(11, lines.size(), "one line per decision: " + run);
        for (final String line : lines) {
            assertTrue(line.matches("\\{\"decision_id\":\"[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\","
                + "\"labels\":\\{\"engine_id\":\"[0-9a-f]{16}\",\"host\":\"[^\"]+\",\"version\":\"[^\"]+\","
                + "\"region\":\"eu\"},\"type\":\"DECISION\",.*,\"record_hash\":\"[0-9a-f]{64}\"}"), line);
        }
        final String denial = lines.stream().filter(l -> l.contains("NEVER_LEAVE")).findFirst().orElseThrow();
        assertTrue(denial.contains("\"journal_decision_id\":5,\"request_id\":6,\"record_seq\":"), denial);
        assertTrue(denial.contains("\"timestamp\":\"2027-01-15T08:00:03Z\",\"policy_version\":\""
            + String.format("%016x", journal.policy.versionId()) + "\""), denial);
        assertTrue(denial.contains("\"op\":\"delegate\",\"input\":{\"principal\":null,\"presenter\":\"spiffe://acme."
            + "example/agent/planner\""), denial);
        assertTrue(denial.contains("\"requested\":{\"capabilities\":[\"doc.summarize:summarize\"],\"data\":"
            + "[\"customer_pii\"]}"), denial);
        assertTrue(denial.contains("\"result\":{\"outcome\":\"DENY\",\"reason\":\"NEVER_LEAVE\",\"rule\":"
            + "\"never_leave.customer_pii\""), denial);
        assertTrue(denial.contains("\"line\":107,\"column\":15"), denial);
        assertTrue(run.out().contains("\"justification\":\"dispute #4411\""), run::toString);

        final CommandRun all = CommandRun.of("export", journalDir(), "--system");
        assertEquals(BatonCommand.OK, all.code(), all::toString);
        assertTrue(all.outLines().get(0).startsWith("{\"type\":\"START\",\"labels\":{"), all::toString);
        assertTrue(all.out().contains("\"type\":\"IDENTITY\",\"labels\":"), all::toString);
        assertTrue(all.out().contains("\"identity_id\":5,\"identity\":\"user:fay@finance.acme.example\""), all::toString);
        assertEquals(23, all.outLines().stream().map(l -> l.replaceAll(".*\"record_seq\":(\\d+).*", "$1")).distinct()
            .count(), "every record: " + all);
    }

    @Test
    void shouldExportCleanPrefixOfBrokenJournalAndExitOne() throws Exception {
        final AuditJournal j = AuditJournal.write(dir);
        final long broken = sequenceOf(j.journal, AuditJournal.CRM_DELEGATION);
        final Path file = j.dataFile();
        final int at = AuditJournal.indexOf(Files.readAllBytes(file), AuditJournal.CRM_DELEGATION);
        final long[] prefix = prefixBefore(file, broken);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(at);
            raf.write(0x77);
        }
        final CommandRun run = CommandRun.of("export", j.journal.toString(), "--system");
        assertEquals(BatonCommand.FAILED, run.code(), run::toString);
        // SEALs take sequences and are not exported, and only whole sealed batches are the clean prefix.
        assertEquals(prefix[0], run.outLines().stream().map(l -> l.replaceAll(".*\"record_seq\":(\\d+).*", "$1"))
            .distinct().count(), "the records of the sealed batches before the broken one: " + run);
        assertTrue(run.err().contains("the hash chain is broken at record " + broken), run::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"replay", "explain", "what-if", "export", "inspect"})
    void shouldExplainEveryCommandWithHelpAndExitCodes(final String command) {
        final CommandRun run = CommandRun.of(command, "--help");
        assertEquals(BatonCommand.OK, run.code(), run::toString);
        assertTrue(run.out().contains("Usage: baton " + command), run::toString);
        assertTrue(run.out().contains("Exit codes:"), run::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"replay", "explain", "what-if", "export"})
    void shouldNameMissingJournalWithoutStackTrace(final String command) {
        final Path missing = dir.resolve("nope");
        final CommandRun run = command.equals("explain") ? CommandRun.of(command, missing.toString(), "1")
            : command.equals("what-if") ? CommandRun.of(command, missing.toString(), "--policy",
            journal.policyFile.toString()) : CommandRun.of(command, missing.toString());
        assertEquals(BatonCommand.USAGE, run.code(), run::toString);
        assertEquals("baton " + command + ": no such journal directory: " + missing + "\n", run.err(), run::toString);
    }

    @Test
    void shouldRefuseInvalidWhatIfPolicyWithItsErrors() throws Exception {
        final Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "version: x\n");
        final CommandRun run = CommandRun.of("what-if", journalDir(), "--policy", bad.toString());
        assertEquals(BatonCommand.USAGE, run.code(), run::toString);
        assertTrue(run.err().contains("bad.yaml:1:1: vocabulary: missing required field 'vocabulary'"), run::toString);
        assertTrue(run.err().contains("is not a valid policy (run 'baton check "), run::toString);
    }

    /** The example policy with customer_pii taken out of the CRM reader's ceiling, as 2026-12-01.1. */
    private Path narrowedPolicy() throws Exception {
        final String text = Files.readString(journal.policyFile);
        final String from = "      data: [public, internal, customer_pii]\n    delegates_to: [summariser]";
        assertTrue(text.contains(from));
        final Path file = dir.resolve("narrowed.yaml");
        Files.writeString(file, text.replace(from, "      data: [public, internal]\n    delegates_to: [summariser]")
            .replace("version: \"2026-11-23.1\"", "version: \"2026-12-01.1\""));
        return file;
    }
}
