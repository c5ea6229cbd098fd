package dev.baton.audit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link JsonLinesExport} and its {@link JsonWriter}. */
class JsonLinesExportTest {
    private static final Pattern DECISION_ID = Pattern.compile("^\\{\"decision_id\":\"([0-9a-f-]{36})\"");

    @TempDir
    static Path shared;

    private static AuditJournal journal;
    private static AuditLog log;

    @BeforeAll
    static void writeJournal() throws Exception {
        journal = AuditJournal.write(shared);
        log = AuditLog.read(journal.journal);
    }

    private static List<String> export(final Path dir, final boolean system) {
        final List<String> lines = new ArrayList<>();
        final JsonLinesExport export = new JsonLinesExport(dir, Map.of("host", "h1"), system);
        assertEquals(23, export.write(lines::add), "every record is read");
        assertNull(export.damage());
        assertEquals(lines.size(), export.lines());
        return lines;
    }

    @Test
    void shouldWriteOneLinePerDecisionAndSystemRecordsOnlyOnRequest() {
        final List<String> decisions = export(journal.journal, false);
        assertEquals(log.decisions(), decisions.size(), decisions::toString);
        assertTrue(decisions.stream().allMatch(l -> l.contains("\"type\":\"DECISION\"")), decisions::toString);
        final List<String> all = export(journal.journal, true);
        assertEquals(log.decisions(), countRecords(all, "DECISION"), all::toString);
        final Set<Long> seqs = new HashSet<>();
        final Matcher seq = Pattern.compile("\"record_seq\":(\\d+)").matcher(String.join("\n", all));
        while (seq.find()) {
            seqs.add(Long.parseLong(seq.group(1)));
        }
        assertEquals(log.records(), seqs.size(), "every record has a line: " + all);
        assertTrue(countRecords(all, "IDENTITY") > 0 && countRecords(all, "START") == 1, all::toString);
        assertTrue(all.get(0).startsWith("{\"type\":\"START\",\"labels\":{\"engine_id\":\""), all.get(0));
        for (final String line : all) {
            assertTrue(line.matches(".*,\"record_hash\":\"[0-9a-f]{64}\"}"), line);
            assertTrue(line.contains("\"labels\":{\"engine_id\":\"" + engineId(all) + "\",\"host\":\"h1\"}"), line);
        }
    }

    private static long countRecords(final List<String> lines, final String type) {
        return lines.stream().filter(l -> l.contains("\"type\":\"" + type + "\"")).count();
    }

    private static String engineId(final List<String> lines) {
        final Matcher m = Pattern.compile("\"engine_id\":\"([0-9a-f]{16})\"").matcher(lines.get(0));
        assertTrue(m.find(), lines.get(0));
        return m.group(1);
    }

    @Test
    void shouldGiveEveryDecisionAnIdThatNamesItsEngineAndDecision() {
        final List<String> lines = export(journal.journal, false);
        final long engine = Long.parseUnsignedLong(engineId(lines), 16);
        final Set<String> ids = new HashSet<>();
        for (final String line : lines) {
            final UUID uuid = UUID.fromString(id(line));
            assertTrue(ids.add(uuid.toString()), "unique within the journal: " + line);
            assertEquals(engine & 0x0FFF_FFFF_FFFF_FFFFL, engineOf(uuid), line);
            final Matcher local = Pattern.compile("\"journal_decision_id\":(\\d+)").matcher(line);
            assertTrue(local.find(), line);
            assertEquals(Long.parseLong(local.group(1)), uuid.getLeastSignificantBits() & 0x3FFF_FFFF_FFFF_FFFFL, line);
        }
    }

    /** @return the 60 engine-id bits a decision id carries. */
    private static long engineOf(final UUID uuid) {
        final long high = uuid.getMostSignificantBits();
        return (high >>> 16) << 12 | (high & 0x0FFFL);
    }

    @net.jqwik.api.Property(tries = 2000)
    void shouldNeverGiveTwoDecisionsOfTwoEnginesOneId(@net.jqwik.api.ForAll final long engineA,
                                                      @net.jqwik.api.ForAll final long engineB,
                                                      @net.jqwik.api.ForAll("ids") final long idA,
                                                      @net.jqwik.api.ForAll("ids") final long idB) {
        final boolean same = (engineA & 0x0FFF_FFFF_FFFF_FFFFL) == (engineB & 0x0FFF_FFFF_FFFF_FFFFL) && idA == idB;
        assertEquals(same, JsonLinesExport.decisionUuid(engineA, idA).equals(JsonLinesExport.decisionUuid(engineB, idB)));
        assertEquals(engineA & 0x0FFF_FFFF_FFFF_FFFFL, engineOf(UUID.fromString(JsonLinesExport.decisionUuid(engineA, idA))));
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Long> ids() {
        return net.jqwik.api.Arbitraries.longs().between(0, 0x3FFF_FFFF_FFFF_FFFFL);
    }

    private static String id(final String line) {
        final Matcher m = DECISION_ID.matcher(line);
        assertTrue(m.find(), line);
        final UUID uuid = UUID.fromString(m.group(1));
        assertEquals(8, uuid.version(), line);
        assertEquals(2, uuid.variant(), line);
        return m.group(1);
    }

    @Test
    void shouldNameTheDecisionByNameAndLeakNoLocalPath() {
        final List<String> lines = export(journal.journal, true);
        final String denial = lines.stream().filter(l -> l.contains("NEVER_LEAVE")).findFirst().orElseThrow();
        assertTrue(denial.contains("\"op\":\"delegate\",\"input\":{\"principal\":null,\"presenter\":\"spiffe://acme."
            + "example/agent/planner\""), denial);
        assertTrue(denial.contains("\"result\":{\"outcome\":\"DENY\",\"reason\":\"NEVER_LEAVE\",\"rule\":"
            + "\"never_leave.customer_pii\",\"file\":\"" + journal.policyFile.getFileName() + "\""), denial);
        final String dir = journal.policyFile.getParent().toString();
        for (final String line : lines) {
            assertFalse(line.contains(dir), "a local path leaks: " + line);
        }
    }

    @Test
    void shouldStopWhenTheSinkSaysSo() {
        final List<String> lines = new ArrayList<>();
        new JsonLinesExport(journal.journal, Map.of(), true).write(line -> lines.add(line) && lines.size() < 3);
        assertEquals(3, lines.size());
    }

    @Test
    void shouldMakeVersion8UuidsThatKeepTheDecisionId() {
        final UUID a = UUID.fromString(JsonLinesExport.decisionUuid(0x0123_4567_89ab_cdefL, 5));
        assertEquals(8, a.version());
        assertEquals(2, a.variant());
        assertEquals(5, a.getLeastSignificantBits() & 0x3FFF_FFFF_FFFF_FFFFL);
        assertNotEquals(a, UUID.fromString(JsonLinesExport.decisionUuid(0x0123_4567_89ab_cdefL, 6)));
        assertNotEquals(a, UUID.fromString(JsonLinesExport.decisionUuid(0x0123_4567_89ab_cdeeL, 5)));
        assertNotEquals(a, UUID.fromString(JsonLinesExport.decisionUuid(0x0023_4567_89ab_cdefL, 5)));
    }

    @Test
    void shouldEscapeStringsPerRfc8259AndNestObjects() {
        final String line = new JsonWriter().reset().field("a", "q\"b\\n\n\t\u0001\u2028é").field("n", (String) null)
            .object("o").field("l", List.of("x", "y")).field("t", true).end().field("z", -1).line();
        assertEquals("{\"a\":\"q\\\"b\\\\n\\n\\t\\u0001\\u2028é\",\"n\":null,\"o\":{\"l\":[\"x\",\"y\"],\"t\":true},"
            + "\"z\":-1}", line);
        assertEquals("{\"k\":{}}", new JsonWriter().reset().object("k").line(), "line() closes what is open");
    }
}
