package dev.baton.examples.refund;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The example runs as documented and tells the story it promises (about 10 s: a journaled engine, three agents). */
@Tag("slow")
class RefundAgentsExampleTest {
    @Test
    void shouldRefuseTheInjectedAndTheLateCallAndExplainEveryToolCall(@TempDir final Path dir) throws Exception {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final RefundAgentsExample.Result r;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            r = RefundAgentsExample.run(dir.resolve("journal"), out);
        }
        final String text = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(1, r.toolRuns().get("lookup_customer"), text);
        assertEquals(1, r.toolRuns().get("read_ledger"), text);
        assertEquals(1, r.toolRuns().get("summarize_doc"), text);
        assertEquals(0, r.toolRuns().get("send_mail"), "the injected call never ran");
        assertTrue(r.injectedReply().contains("CAPABILITY_NOT_GRANTED"), r.injectedReply());
        assertTrue(r.lateReply().contains("REVOKED"), r.lateReply());
        assertEquals(5, r.explained(), text);
        assertTrue(text.contains("principal    user:alice@acme.example opened the task"), text);
        assertTrue(text.contains("revoked by   decision"), text);
    }
}
