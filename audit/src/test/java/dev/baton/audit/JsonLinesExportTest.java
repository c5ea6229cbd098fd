package dev.baton.audit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link JsonLinesExport} and its {@link JsonWriter}. */
class JsonLinesExportTest {
    @TempDir
    static Path shared;

    private static AuditLog log;

    @BeforeAll
    static void writeJournal() throws Exception {
        log = AuditLog.read(AuditJournal.write(shared).journal);
    }

    @Test
    void shouldWriteOneObjectPerRecordWithItsHash() {
        final List<String> lines = new ArrayList<>();
        assertEquals(21, new JsonLinesExport(log).write(lines::add));
        assertEquals(21, lines.size());
        long previous = -1;
        for (int i = 0; i < lines.size(); i++) {
            final java.util.regex.Matcher seq = java.util.regex.Pattern.compile("^\\{\"seq\":(\\d+),\"type\":\"")
                .matcher(lines.get(i));
            assertTrue(seq.find(), lines.get(i));
            final long s = Long.parseLong(seq.group(1));
            assertTrue(s > previous, "sequences grow (SEALs take sequences of their own): " + lines.get(i));
            previous = s;
            assertTrue(lines.get(i).matches(".*,\"hash\":\"[0-9a-f]{64}\"}"), lines.get(i));
        }
        final String denial = lines.stream().filter(l -> l.contains("NEVER_LEAVE")).findFirst().orElseThrow();
        assertTrue(denial.contains("\"op\":\"delegate\",\"input\":{\"principal\":null,\"presenter\":\"spiffe://acme."
            + "example/agent/planner\""), denial);
        assertTrue(denial.contains("\"result\":{\"outcome\":\"DENY\",\"reason\":\"NEVER_LEAVE\",\"rule\":"
            + "\"never_leave.customer_pii\""), denial);
    }

    @Test
    void shouldStopWhenTheSinkSaysSo() {
        final List<String> lines = new ArrayList<>();
        new JsonLinesExport(log).write(line -> lines.add(line) && lines.size() < 3);
        assertEquals(3, lines.size());
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
